/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-cell-text.h: one line of text in a members table cell. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TURNOUT_TYPE_CELL_TEXT (turnout_cell_text_get_type ())

G_DECLARE_FINAL_TYPE (TurnoutCellText, turnout_cell_text, TURNOUT, CELL_TEXT, GtkWidget)

GtkWidget  *turnout_cell_text_new      (gboolean         numeric);
void        turnout_cell_text_set_text (TurnoutCellText *self,
                                        const char      *text);
const char *turnout_cell_text_get_text (TurnoutCellText *self);

G_END_DECLS
