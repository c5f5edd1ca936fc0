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
/* The first widget under @root, @root included, whose action is
 * @action_name; NULL when none is. */
GtkWidget *turnout_test_find_actionable (GtkWidget   *root,
                                         const char  *action_name);
/* Whether @widget's picture, as its parent draws it in the frame GTK
 * keeps, is one render node rather than a list of them. An overlay
 * drawing something over @widget makes the list [@widget's, the other's]
 * of it, and GTK, comparing frames to find what to repaint, repaints a
 * list compared with one of another shape whole (turnout-clip-bin.c). */
gboolean   turnout_test_draws_one_node (GtkWidget    *widget);
/* Shows @window again at @width x @height and waits until it is drawn
 * at that size. */
void       turnout_test_present_at    (GtkWindow     *window,
                                       int            width,
                                       int            height);
/* With TURNOUT_TEST_SHOT_DIR set, a picture of @window as the X server
 * shows it (import -window), DIR/NAME-LANG.png; else nothing.
 * turnout_test_shots_init () after gtk_test_init () makes LANGUAGE count
 * there: LANGUAGE=nl for the Dutch pictures. */
void       turnout_test_shots_init    (void);
/* The app's style sheet on the display, as an AdwApplication loads it
 * by itself and a window made without one does not; call after
 * adw_init (). turnout_test_shots_style () does it in picture mode
 * (TURNOUT_TEST_SHOT_DIR set) only. */
void       turnout_test_app_style     (void);
void       turnout_test_shots_style   (void);
void       turnout_test_shoot         (GtkWidget     *window,
                                       const char    *name);

G_END_DECLS
