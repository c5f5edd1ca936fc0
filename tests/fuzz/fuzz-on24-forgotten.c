/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-forgotten.c: ON24's answer to a forget request under arbitrary input. */
#define TURNOUT_FUZZ_READER 6
#include "fuzz-on24-json.h"
