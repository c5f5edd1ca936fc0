/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-window-private.h: what turnout-window.c and
 * turnout-window-actions.c share: the window's struct, and the few
 * functions of the one that the other calls. Nothing else includes it.
 */
#pragma once

#include "turnout-funnel.h"
#include "turnout-member-details.h"
#include "turnout-member-list.h"
#include "turnout-members-view.h"
#include "turnout-on24-service.h"
#include "turnout-problem-banner.h"
#include "turnout-program-sidebar.h"
#include "turnout-team-watch.h"
#include "turnout-window.h"

G_BEGIN_DECLS

struct _TurnoutWindow
{
  AdwApplicationWindow   parent_instance;

  /* Template widgets */
  AdwToastOverlay       *toast_overlay;
  AdwLeaflet            *leaflet;
  TurnoutProgramSidebar *program_sidebar;
  GtkWidget             *content;
  GtkStack              *content_stack;
  AdwWindowTitle        *content_title;
  GtkWidget             *location_bar;
  GtkLabel              *location_label;
  AdwStatusPage         *error_page;
  AdwStatusPage         *members_error_page;
  GtkSearchEntry        *search_entry;
  GtkDropDown           *status_filter;
  GtkMenuButton         *change_status_button;
  GtkMenuButton         *event_menu_button;
  GtkWidget             *details_button;
  GtkBox                *columns_box;
  GtkStack              *members_stack;
  GtkRevealer           *bulk_revealer;
  GtkLabel              *bulk_label;
  GtkProgressBar        *bulk_progress_bar;
  TurnoutMembersView    *members_table;
  GtkLabel              *count_label;
  GtkStack              *side_stack;
  TurnoutFunnel         *funnel;
  GtkLabel              *program_info;
  TurnoutMemberDetails  *details;
  GtkSpinner            *refresh_spinner;
  GtkSpinner            *content_spinner;
  TurnoutProblemBanner  *problem_banner;
  GtkRevealer           *team_banner;

  GSettings             *settings;
  TurnoutOn24Service    *on24;           /* NULL: no provider (tests) */
  gboolean               refreshing;
  guint                  push_reload_id;
  TurnoutSeats           seats;
  gint64                 seats_program_id; /* the program seats counts are for, or 0 */
  TurnoutStore          *store;
  GCancellable          *cancellable;
  /* A Change Status running on the store's thread: its count and its
   * Cancel (which writes nothing), shown once it takes a while. */
  GCancellable          *bulk_cancellable;
  TurnoutProgress        bulk_progress;
  gint64                 bulk_started;
  guint                  bulk_timeout_id;
  gboolean               bulk_undo;          /* the bulk change is an Undo */
  gint64                 undoing_change_id;  /* the change it takes back */
  GPtrArray             *programs;       /* of TurnoutProgram */
  gint64                 program_id;     /* selected, or 0 */
  gint64                 select_after_load;
  gboolean               programs_loaded_once;
  guint                  loading;

  TurnoutMemberList     *members;        /* the members table's */
  GtkSelectionModel     *selection;      /* the members table's */
  guint                  members_generation;
  GtkStringList         *filter_labels;
  int                    filter_status[64];  /* dropdown position -> status index */
  guint                  n_filter_status;
  gboolean               updating_filter;
  char                  *remove_reason;  /* typed in Change Status for a removal being confirmed */
  gint64                 undo_change_id; /* the last change Ctrl+Z takes back, or 0 */
  guint                  undo_timeout_id;
  guint                  details_generation;
  gint64                 details_person_id;
  /* Each program's search, status filter and order, for the session */
  GHashTable            *program_views;  /* gint64 * -> TurnoutProgramView */
  char                  *last_toast;
  AdwToast              *shown_toast;        /* the last toast while it shows (a weak pointer) */
  gint64                 shown_toast_at;     /* when it was added */
  guint                  dismiss_toast_id;   /* its dismissal, waiting for it to be in place */

  /* A team database: other coordinators' changes, as they commit them
   * (turnout-window-live.c). NULL on a file. */
  TurnoutTeamWatch      *team_watch;
  guint                  members_loading; /* members loads in flight */
  guint                  live_timeout_id;
  gint64                 live_last_reload; /* monotonic */
  gboolean               live_members;     /* the program shown changed */
  gboolean               live_programs;    /* the programs or their counts changed */
};

/* An answer about one program, which may no longer be the one shown. */
typedef struct
{
  TurnoutWindow *self;
  gint64         program_id;
} TurnoutProgramCall;

TurnoutProgramCall   *_turnout_window_program_call_new      (TurnoutWindow *self);
AdwToast             *_turnout_window_show_toast            (TurnoutWindow *self,
                                                             const char    *title);
void                  _turnout_window_show_error            (TurnoutWindow *self,
                                                             const GError  *error);
void                  _turnout_window_show_preferences_toast (TurnoutWindow *self,
                                                             const char    *message);
const TurnoutProgram *_turnout_window_find_program          (TurnoutWindow *self,
                                                             gint64         program_id);
gboolean              _turnout_window_program_is_linked     (TurnoutWindow *self);
void                  _turnout_window_reload_programs       (TurnoutWindow *self);
void                  _turnout_window_reload_all            (TurnoutWindow *self);
void                  _turnout_window_members_changed       (TurnoutWindow *self);
/* Reads the program shown's members again, keeping the selection, the
 * scroll, the search and the order; and the member whose details show. */
void                  _turnout_window_reload_members        (TurnoutWindow *self);

/* turnout-window-live.c */
void                  _turnout_window_live_start            (TurnoutWindow *self);
void                  _turnout_window_live_stop             (TurnoutWindow *self);

/* turnout-window-actions.c */
void                  _turnout_window_class_actions_init    (GtkWidgetClass *widget_class);
void                  _turnout_window_init_change_status    (TurnoutWindow  *self);
void                  _turnout_window_actions_update        (TurnoutWindow  *self);

/* Reads the programs and the selected program's members again, keeping
 * the selection. */
void     _turnout_window_reload    (TurnoutWindow *self);
void     _turnout_window_add_toast (TurnoutWindow *self,
                                    AdwToast      *toast);
void                  _turnout_window_dismiss_toast (TurnoutWindow *self);

G_END_DECLS
