/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-registrants.c: ON24's registrants reader under arbitrary input. */
#define TURNOUT_FUZZ_READER 3
#include "fuzz-on24-json.h"
