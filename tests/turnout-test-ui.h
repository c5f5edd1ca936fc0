/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-test-ui.h: helpers the widget tests share; they link GTK, so
 * only the tests that link the UI use them (turnout-test-utils.h is the
 * core's). */
#pragma once

#include <gtk/gtk.h>

#include "turnout-window.h"

G_BEGIN_DECLS

/* The first widget under @root, @root included, of @type and, unless
 * @name is NULL, with that id in its .ui file; NULL when none is. */
GtkWidget *turnout_test_find_widget   (GtkWidget     *root,
                                       GType          type,
                                       const char    *name);
/* A shown toplevel of @type, or NULL. */
GtkWindow *turnout_test_find_window   (GType          type);
/* The table's cell that shows @text, or NULL: a mapped one, or with
 * @mapped_only FALSE also one GTK keeps alive below the screen. */
GtkWidget *turnout_test_find_cell     (GtkWidget     *root,
                                       const char    *text,
                                       gboolean       mapped_only);
/* Runs the main context until @window has loaded what it asked the store
 * for. */
void       turnout_test_wait_window   (TurnoutWindow *window);

G_END_DECLS
