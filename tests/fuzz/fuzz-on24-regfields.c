/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-regfields.c: ON24's regfields reader under arbitrary input. */
#define TURNOUT_FUZZ_READER 2
#include "fuzz-on24-json.h"
