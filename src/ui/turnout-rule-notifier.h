/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-rule-notifier.h: desktop notifications that trigger rules asked for. */
#pragma once

#include <gio/gio.h>

#include "turnout-store.h"

G_BEGIN_DECLS

void turnout_rule_notifier_deliver (GApplication *application,
                                    TurnoutStore *store);

G_END_DECLS
