/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-on24-registrant-answer.c: ON24's registrant-answer reader under arbitrary input. */
#define TURNOUT_FUZZ_READER 5
#include "fuzz-on24-json.h"
