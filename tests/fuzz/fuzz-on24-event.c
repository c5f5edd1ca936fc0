/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-event.c: ON24's event reader under arbitrary input. */
#define TURNOUT_FUZZ_READER 1
#include "fuzz-on24-json.h"
