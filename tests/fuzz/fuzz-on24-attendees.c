/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-attendees.c: ON24's attendees reader under arbitrary input. */
#define TURNOUT_FUZZ_READER 4
#include "fuzz-on24-json.h"
