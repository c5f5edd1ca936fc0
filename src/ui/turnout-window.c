/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-window.c: the main window.
 *
 * A leaflet with the program sidebar and the selected program beside it:
 * the members table, a search, a status filter, Change Status for the
 * selection, and a side pane with the status funnel or the selected
 * member's details and history. This file holds the window's state: which
 * program is shown, loading it and its members from the store, reloading
 * after changes, and the side pane. What the window can do is in
 * turnout-window-actions.c; the sidebar, the table and the person dialog
 * are widgets of their own. Everything comes from the store
 * asynchronously; the window keeps one GCancellable for what it has in
 * flight and cancels it when it goes away.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-channel.h"
#include "turnout-clip-bin.h"
#include "turnout-dates.h"
#include "turnout-rule-notifier.h"
#include "turnout-store-members.h"
#include "turnout-store-waitlist.h"
#include "turnout-window-private.h"

G_DEFINE_FINAL_TYPE (TurnoutWindow, turnout_window, ADW_TYPE_APPLICATION_WINDOW)

static void load_members (TurnoutWindow *self);
static void update_details (TurnoutWindow *self);
static void load_seats (TurnoutWindow *self);

/* Toasts */

AdwToast *
_turnout_window_show_toast (TurnoutWindow *self,
                            const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  _turnout_window_add_toast (self, toast);
  return toast;
}

void
_turnout_window_show_error (TurnoutWindow *self,
                            const GError  *error)
{
  _turnout_window_show_toast (self, error->message);
}

void
_turnout_window_show_preferences_toast (TurnoutWindow *self,
                                        const char    *message)
{
  AdwToast *toast = _turnout_window_show_toast (self, message);

  adw_toast_set_button_label (toast, _("_Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
}

/* Programs */

const TurnoutProgram *
_turnout_window_find_program (TurnoutWindow *self,
                              gint64         program_id)
{
  for (guint i = 0; self->programs && i < self->programs->len; i++)
    {
      const TurnoutProgram *program = g_ptr_array_index (self->programs, i);

      if (program->id == program_id)
        return program;
    }
  return NULL;
}

static void
update_program_header (TurnoutWindow *self)
{
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);
  g_autofree char *date = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *info = NULL;

  if (program == NULL)
    {
      adw_window_title_set_title (self->content_title, _("Turnout"));
      adw_window_title_set_subtitle (self->content_title, NULL);
      return;
    }

  date = turnout_program_format_date (program);
  counts = turnout_program_format_counts (program);
  adw_window_title_set_title (self->content_title, program->name);
  adw_window_title_set_subtitle (self->content_title, date);

  if (program->capacity >= 0 && self->seats_program_id == program->id &&
      self->seats.taken > (guint) program->capacity)
    /* Translators: "1351 / 1200 seats taken, 151 over the limit" */
    info = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s\n%'u / %'d seats taken, %'u over the limit",
                                         "%s\n%'u / %'d seats taken, %'u over the limit",
                                         self->seats.taken - program->capacity),
                            counts, self->seats.taken, program->capacity, self->seats.taken - program->capacity);
  else if (program->capacity >= 0 && self->seats_program_id == program->id)
    /* Translators: "120 / 150 seats taken" */
    info = g_strdup_printf (_("%s\n%'u / %'d seats taken"), counts, self->seats.taken, program->capacity);
  else if (program->capacity >= 0)
    info = g_strdup_printf (_("%s\n%'d seats"), counts, program->capacity);
  else
    info = g_strdup_printf (_("%s\nNo seat limit"), counts);
  if (program->on24_event_id != 0)
    {
      g_autoptr(TurnoutRefreshSummary) summary = NULL;
      g_autoptr(GDateTime) at = NULL;
      g_autofree char *line = NULL;

      if (program->last_refresh_at != NULL)
        at = g_date_time_new_from_iso8601 (program->last_refresh_at, NULL);
      if (program->last_refresh_summary != NULL)
        summary = turnout_refresh_summary_from_json (program->last_refresh_summary);

      if (at != NULL && summary != NULL)
        {
          g_autofree char *when = turnout_format_time (g_date_time_to_unix (at));
          g_autofree char *text = turnout_refresh_summary_format (summary);

          /* Translators: "Last refreshed from ON24 on 20 Nov 2026 18:30: 3 Attended, …" */
          line = g_strdup_printf (_("%s\nLast refreshed from ON24 on %s: %s"), info, when, text);
        }
      else
        line = g_strdup_printf (_("%s\nNot refreshed from ON24 yet"), info);
      g_free (info);
      info = g_steal_pointer (&line);
    }
  gtk_label_set_text (self->program_info, info);
}

/* Each program keeps its own search, status filter and order while the
 * window is open: a coordinator who filters one program to Attended and
 * moves to the next should find the next one whole, and the first one
 * filtered again on the way back.
 */
typedef struct
{
  gint64    program_id;   /* the key, in place */
  char     *search;
  int       status;       /* the list's status filter; -1 for all */
  int       sort_column;
  gboolean  descending;
} TurnoutProgramView;

static void
program_view_free (gpointer data)
{
  TurnoutProgramView *view = data;

  g_free (view->search);
  g_free (view);
}

static void
save_program_view (TurnoutWindow *self)
{
  TurnoutProgramView *view;

  if (self->program_id == 0)
    return;
  view = g_hash_table_lookup (self->program_views, &self->program_id);
  if (view == NULL)
    {
      view = g_new0 (TurnoutProgramView, 1);
      view->program_id = self->program_id;
      g_hash_table_insert (self->program_views, &view->program_id, view);
    }
  g_free (view->search);
  view->search = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  view->status = turnout_member_list_get_status_filter (self->members);
  view->sort_column = turnout_member_list_get_sort_column (self->members);
  view->descending = turnout_member_list_get_sort_descending (self->members);
}

/* A program not seen yet opens with no search, all statuses, by name. */
static void
restore_program_view (TurnoutWindow *self)
{
  TurnoutProgramView *view = g_hash_table_lookup (self->program_views, &self->program_id);
  const char *search = view ? view->search : "";
  int sort_column = view ? view->sort_column : TURNOUT_MEMBER_COLUMN_NAME;
  gboolean descending = view ? view->descending : FALSE;
  GtkColumnViewColumn *column;
  GtkColumnView *column_view;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), search);
  /* The entry tells its change a main loop iteration later; the table
   * to come is filtered already. */
  turnout_member_list_set_search (self->members, search);
  turnout_member_list_set_status_filter (self->members, view ? view->status : -1);

  /* The order goes through the column view, whose headers show it; a
   * column since hidden gives way to the name. */
  if (sort_column < 0)
    sort_column = TURNOUT_MEMBER_COLUMN_NAME;
  column = turnout_members_view_get_column (self->members_table, sort_column);
  column_view = gtk_column_view_column_get_column_view (column);
  if (column_view == NULL)
    {
      column = turnout_members_view_get_column (self->members_table, TURNOUT_MEMBER_COLUMN_NAME);
      column_view = gtk_column_view_column_get_column_view (column);
      descending = FALSE;
    }
  if (column_view != NULL)
    gtk_column_view_sort_by_column (column_view, column,
                                    descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

/* The side pane shows the program's overview, never a member of another
 * program or one no longer in the table.
 */
static void
show_overview (TurnoutWindow *self)
{
  self->details_generation++;
  self->details_person_id = 0;
  gtk_stack_set_visible_child_name (self->side_stack, "overview");
}

static void
show_program (TurnoutWindow *self,
              gint64         program_id)
{
  const TurnoutProgram *program = _turnout_window_find_program (self, program_id);
  gboolean changed = (program ? program_id : 0) != self->program_id;

  if (changed)
    {
      save_program_view (self);
      show_overview (self);
      /* Ctrl+Z acts on the program in view; the toast's Undo still
       * names its own change. */
      self->undo_change_id = 0;
    }
  self->program_id = program ? program_id : 0;
  update_program_header (self);

  if (program == NULL)
    {
      turnout_member_list_set_table (self->members, NULL);
      gtk_stack_set_visible_child_name (self->content_stack,
                                        self->programs && self->programs->len ? "no-program" : "empty");
      _turnout_window_actions_update (self);
      return;
    }

  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "last-program", program_id);

  if (changed)
    {
      turnout_members_view_forget_selection (self->members_table);
      turnout_member_list_set_table (self->members, NULL);
      restore_program_view (self);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  load_members (self);
  _turnout_window_actions_update (self);
}



static void
on_program_selected (TurnoutProgramSidebar *sidebar,
                     gint64                 program_id,
                     TurnoutWindow         *self)
{
  turnout_problem_banner_program_changed (self->problem_banner, program_id);
  show_program (self, program_id);
}

static void
on_program_activated (TurnoutProgramSidebar *sidebar,
                      gint64                 program_id,
                      TurnoutWindow         *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
populate_programs (TurnoutWindow *self)
{
  gint64 select = self->select_after_load ? self->select_after_load : self->program_id;

  /* At start the last program comes back, if it is still there. */
  if (!self->programs_loaded_once && select == 0 && self->settings != NULL)
    select = g_settings_get_int64 (self->settings, "last-program");
  self->programs_loaded_once = TRUE;
  self->select_after_load = 0;

  if (_turnout_window_find_program (self, select) == NULL && self->programs->len > 0)
    select = ((TurnoutProgram *) g_ptr_array_index (self->programs, 0))->id;

  turnout_program_sidebar_set_programs (self->program_sidebar, self->programs, select);

  if (select == self->program_id && select != 0)
    update_program_header (self);
  else
    show_program (self, select);
}

static void
list_programs_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) programs = NULL;

  self->loading--;
  programs = turnout_store_list_programs_finish (TURNOUT_STORE (object), result, &error);
  if (programs == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _turnout_window_show_error (self, error);
      return;
    }

  g_clear_pointer (&self->programs, g_ptr_array_unref);
  self->programs = g_steal_pointer (&programs);
  populate_programs (self);
}

void
_turnout_window_reload_programs (TurnoutWindow *self)
{
  self->loading++;
  turnout_store_list_programs_async (self->store, self->cancellable, list_programs_cb, g_object_ref (self));
}

gboolean
_turnout_window_program_is_linked (TurnoutWindow *self)
{
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);

  return program != NULL && program->on24_event_id != 0;
}

/* Members */

static void
update_count_label (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  guint total = table ? turnout_member_table_get_n_rows (table) : 0;
  guint shown = turnout_member_list_get_n_matching (self->members);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (self->selection);
  guint64 selected = gtk_bitset_get_size (set);
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u member", "%'u members", total), total);
  else
    /* Translators: "12 of 320 members shown" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u of %'u member shown", "%'u of %'u members shown", total),
                            shown, total);

  if (selected > 0)
    {
      g_autofree char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %'u selected", "%s · %'u selected",
                                                            (gulong) selected),
                                               text, (guint) selected);
      g_free (text);
      text = g_steal_pointer (&with);
    }

  gtk_label_set_text (self->count_label, text);

  if (table == NULL)
    return;
  if (total == 0)
    gtk_stack_set_visible_child_name (self->members_stack, "no-members");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->members_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->members_stack, "members");
}

static void
rebuild_status_filter (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  TurnoutChannel *channel = table ? turnout_member_table_get_channel (table) : NULL;
  int current = turnout_member_list_get_status_filter (self->members);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint select = 0;
  guint n = channel ? turnout_channel_get_n_statuses (channel) : 0;

  self->n_filter_status = 0;
  g_ptr_array_add (labels, g_strdup_printf (_("All Statuses (%'u)"),
                                            table ? turnout_member_table_get_n_rows (table) : 0));
  self->filter_status[self->n_filter_status++] = -1;

  for (guint i = 0; i < n && self->n_filter_status < G_N_ELEMENTS (self->filter_status); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);

      /* Not in Program is a way out, never a state a member is in. */
      if (g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        continue;
      if ((int) i == current)
        select = self->n_filter_status;
      self->filter_status[self->n_filter_status++] = (int) i;
      /* Translators: a status in the filter, with its number of members */
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%'u)"), turnout_status_get_display_name (status),
                                                turnout_member_table_count_status (table, i)));
    }
  g_ptr_array_add (labels, NULL);

  self->updating_filter = TRUE;
  gtk_string_list_splice (self->filter_labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->filter_labels)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->status_filter, select);
  self->updating_filter = FALSE;
}

static void
update_funnel (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  TurnoutChannel *channel;
  g_autofree guint *counts = NULL;
  guint n;

  if (table == NULL)
    {
      turnout_funnel_set_counts (self->funnel, NULL, NULL);
      return;
    }

  channel = turnout_member_table_get_channel (table);
  n = turnout_channel_get_n_statuses (channel);
  counts = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    counts[i] = turnout_member_table_count_status (table, i);
  turnout_funnel_set_counts (self->funnel, channel, counts);
}



typedef struct
{
  TurnoutWindow *self;
  guint          generation;
} LoadMembers;

static LoadMembers *
load_members_new (TurnoutWindow *self,
                  guint          generation)
{
  LoadMembers *load = g_new0 (LoadMembers, 1);

  load->self = g_object_ref (self);
  load->generation = generation;
  self->loading++;
  return load;
}

static void
load_members_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LoadMembers *load = user_data;
  g_autoptr(TurnoutWindow) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMemberTable) table = NULL;
  gboolean current = load->generation == self->members_generation;

  g_free (load);
  self->loading--;
  self->members_loading--;
  table = turnout_store_load_members_finish (TURNOUT_STORE (object), result, &error);
  if (!current)
    return;
  if (table == NULL)
    {
      turnout_member_list_set_reloading (self->members, FALSE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A program opened and not shown: what went wrong, in its place,
       * not a spinner turning on; a reload of a program shown keeps what
       * is shown and says so. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "loading") == 0 ||
          g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "members-error") == 0)
        {
          adw_status_page_set_description (self->members_error_page, error->message);
          gtk_stack_set_visible_child_name (self->content_stack, "members-error");
        }
      else
        _turnout_window_show_error (self, error);
      return;
    }
  if (turnout_member_table_get_program_id (table) != self->program_id)
    return;

  turnout_member_list_set_table (self->members, table);
  rebuild_status_filter (self);
  update_funnel (self);
  update_count_label (self);
  /* A reload keeps the selection as it was, without a change to show the
   * member selected again: their details may have changed with it.
   */
  if (self->details_person_id != 0)
    update_details (self);
  gtk_stack_set_visible_child_name (self->content_stack, "program");
  load_seats (self);
  _turnout_window_actions_update (self);
}

/* Seats taken against the program's limit, for the overview */

TurnoutProgramCall *
_turnout_window_program_call_new (TurnoutWindow *self)
{
  TurnoutProgramCall *call = g_new0 (TurnoutProgramCall, 1);

  call->self = g_object_ref (self);
  call->program_id = self->program_id;
  return call;
}

static void
count_seats_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  TurnoutProgramCall *call = user_data;
  g_autoptr(TurnoutWindow) self = call->self;
  g_autoptr(GError) error = NULL;
  TurnoutSeats seats;
  gint64 program_id = call->program_id;

  g_free (call);
  self->loading--;
  if (!turnout_store_count_seats_finish (TURNOUT_STORE (object), result, &seats, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not count seats: %s", error->message);
      return;
    }
  if (program_id != self->program_id)
    return;
  self->seats = seats;
  self->seats_program_id = program_id;
  update_program_header (self);
}

static void
load_seats (TurnoutWindow *self)
{
  const TurnoutProgram *program = _turnout_window_find_program (self, self->program_id);

  if (program == NULL || program->capacity < 0)
    {
      self->seats_program_id = 0;
      return;
    }
  self->loading++;
  turnout_store_count_seats_async (self->store, self->program_id, self->cancellable,
                                   count_seats_cb, _turnout_window_program_call_new (self));
}

/* A reload of the table shown asks the store for the order shown too. */
static void
load_members (TurnoutWindow *self)
{
  TurnoutMemberTable *shown;
  int sort_column = -1;

  if (self->program_id == 0)
    return;

  shown = turnout_member_list_get_table (self->members);
  /* A reload of the table shown comes with its order, so its rows take
   * their places at once. Another program's first rows show as soon as
   * they are read: the list finds them in its order without the whole
   * order (a million names sorted, half a second), which it then sorts on
   * a thread of its own. */
  if (shown != NULL && turnout_member_table_get_program_id (shown) == self->program_id)
    {
      sort_column = turnout_member_list_get_sort_column (self->members);
      turnout_member_list_set_reloading (self->members, TRUE);
    }
  /* Tried again after it failed: the spinner while it tries */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "members-error") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  self->members_loading++;
  turnout_store_load_members_async (self->store, self->program_id, sort_column, self->cancellable,
                                    load_members_cb, load_members_new (self, ++self->members_generation));
}

void
_turnout_window_reload_all (TurnoutWindow *self)
{
  _turnout_window_reload_programs (self);
  load_members (self);
}

/* Details of one member */

static void
member_details_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoadMembers *load = user_data;
  g_autoptr(TurnoutWindow) self = load->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMember) member = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gboolean current = load->generation == self->details_generation;
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);

  g_free (load);
  self->loading--;
  member = turnout_store_get_member_finish (TURNOUT_STORE (object), result, &history, &error);
  if (member == NULL)
    {
      if (current && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_stack_set_visible_child_name (self->side_stack, "overview");
      return;
    }

  if (current && table != NULL)
    {
      turnout_member_details_show (self->details, turnout_member_table_get_channel (table), member, history);
      gtk_stack_set_visible_child_name (self->side_stack, "member");
      /* Edit and Forget depend on who is shown (nothing for a forgotten person). */
      _turnout_window_actions_update (self);
    }
}

/* The one member selected among the rows shown, or 0. */
static gint64
selected_person_id (TurnoutWindow *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (self->selection);
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  guint row = TURNOUT_MEMBER_ROW_NONE;

  /* Only how many are selected, not who, unless it is one. */
  if (table != NULL && gtk_bitset_get_size (set) == 1)
    row = turnout_member_list_get_row (self->members, gtk_bitset_get_minimum (set));
  return row == TURNOUT_MEMBER_ROW_NONE ? 0 : turnout_member_table_get_person_id (table, row);
}

static void
update_details (TurnoutWindow *self)
{
  gint64 person_id = selected_person_id (self);

  if (person_id == 0)
    {
      show_overview (self);
      return;
    }

  self->details_generation++;
  self->details_person_id = person_id;
  turnout_store_get_member_async (self->store, self->program_id, self->details_person_id, TRUE,
                                  self->cancellable, member_details_cb,
                                  load_members_new (self, self->details_generation));
}

static void
on_members_selection_changed (TurnoutMembersView *view,
                              TurnoutWindow      *self)
{
  update_count_label (self);
  update_details (self);
  _turnout_window_actions_update (self);
}

static void
on_members_rows_changed (TurnoutMembersView *view,
                         TurnoutWindow      *self)
{
  update_count_label (self);
  /* A search or filter that hides the member shown keeps them selected
   * for when they come back, without a change of selection to tell. */
  if (selected_person_id (self) != self->details_person_id)
    update_details (self);
}

/* After anything the window changed: show it, send new registrations to
 * the provider now, and raise what trigger rules asked to say. */
void
_turnout_window_members_changed (TurnoutWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  _turnout_window_reload_all (self);
  if (self->on24 != NULL)
    turnout_on24_service_push_now (self->on24);
  if (application != NULL)
    turnout_rule_notifier_deliver (G_APPLICATION (application), self->store);
}

/* What the provider service reports */

void
_turnout_window_reload_members (TurnoutWindow *self)
{
  load_members (self);
  if (self->details_person_id != 0)
    update_details (self);
}

static gboolean
push_reload_timeout (gpointer user_data)
{
  TurnoutWindow *self = user_data;

  self->push_reload_id = 0;
  _turnout_window_reload_members (self);
  return G_SOURCE_REMOVE;
}

static void
on_push_outcome (TurnoutOn24Service *service,
                 TurnoutPushOutcome *outcome,
                 TurnoutWindow      *self)
{
  /* ON24 took a registration: the account and that event are fine. */
  if (outcome->kind == TURNOUT_PUSH_OUTCOME_CONFIRMED)
    turnout_problem_banner_resolve (self->problem_banner, outcome->program_id);

  /* Outcomes come in bursts, one per member: read the table once after. */
  if (outcome->program_id != self->program_id || self->push_reload_id != 0)
    return;
  self->push_reload_id = g_timeout_add (300, push_reload_timeout, self);
}

static void
on_refreshed (TurnoutOn24Service *service,
              gint64              program_id,
              const char         *text,
              TurnoutWindow      *self)
{
  const TurnoutProgram *program = _turnout_window_find_program (self, program_id);
  g_autofree char *message = NULL;

  turnout_problem_banner_resolve (self->problem_banner, program_id);
  if (program == NULL)
    return;
  if (program_id == self->program_id)
    message = g_strdup_printf (_("Refreshed from ON24: %s"), text);
  else
    /* Translators: "“Product Launch” refreshed from ON24: 3 Attended, 2 No Show" */
    message = g_strdup_printf (_("“%s” refreshed from ON24: %s"), program->name, text);
  _turnout_window_show_toast (self, message);
  _turnout_window_members_changed (self);
}

/* A refresh the schedule ran while the coordinator is elsewhere: a
 * desktop notification, one per program, a newer one replacing the
 * older. The toast is there too for when they come back. */
static void
on_auto_refreshed (TurnoutOn24Service *service,
                   gint64              program_id,
                   const char         *text,
                   TurnoutWindow      *self)
{
  const TurnoutProgram *program = _turnout_window_find_program (self, program_id);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *id = NULL;

  if (program == NULL || app == NULL || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  /* Translators: a desktop notification's title; %s is the program */
  title = g_strdup_printf (_("“%s” refreshed from ON24"), program->name);
  notification = g_notification_new (title);
  g_notification_set_body (notification, text);
  id = g_strdup_printf ("refreshed-%" G_GINT64_FORMAT, program_id);
  g_application_send_notification (G_APPLICATION (app), id, notification);
}

/* Something only the coordinator can fix: a banner with the fix. One
 * about another program than the one shown, or that no button fixes, is
 * a toast. */
static void
on_problem (TurnoutOn24Service *service,
            gint64              program_id,
            const GError       *error,
            TurnoutWindow      *self)
{
  if ((program_id == 0 || program_id == self->program_id) &&
      turnout_problem_banner_show_error (self->problem_banner, program_id, error))
    return;
  _turnout_window_show_preferences_toast (self, error->message);
}


/* Search and filter */


static void
on_search_changed (GtkSearchEntry *entry,
                   TurnoutWindow  *self)
{
  turnout_members_view_scroll_to_top (self->members_table);
  turnout_member_list_set_search (self->members, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_stop (GtkSearchEntry *entry,
                TurnoutWindow  *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->members_table));
}

static void
on_filter_selected (GtkDropDown   *dropdown,
                    GParamSpec    *pspec,
                    TurnoutWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_filter || selected >= self->n_filter_status)
    return;
  turnout_members_view_scroll_to_top (self->members_table);
  turnout_member_list_set_status_filter (self->members, self->filter_status[selected]);
}

static void
on_funnel_status (TurnoutFunnel *funnel,
                  const char    *key,
                  TurnoutWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-status", "s", key);
}

/* The filter's button ellipsizes so the toolbar fits 360 px; its popup
 * shows the labels in full.
 */
static void
setup_filter_label (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 3);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 22);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_filter_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static GtkListItemFactory *
filter_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_filter_label), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_filter_label), NULL);
  return factory;
}


/* Window state */

static gboolean
turnout_window_close_request (GtkWindow *window)
{
  TurnoutWindow *self = TURNOUT_WINDOW (window);

  /* A bulk change still counting is stopped, writing nothing: a change
   * the window can no longer report should not be made. */
  g_cancellable_cancel (self->bulk_cancellable);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (turnout_window_parent_class)->close_request (window);
}

static void
turnout_window_dispose (GObject *object)
{
  TurnoutWindow *self = (TurnoutWindow *) object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->bulk_cancellable);
  g_clear_handle_id (&self->bulk_timeout_id, g_source_remove);
  g_clear_handle_id (&self->push_reload_id, g_source_remove);
  _turnout_window_live_stop (self);
  if (self->on24 != NULL)
    g_signal_handlers_disconnect_by_data (self->on24, self);
  g_clear_object (&self->on24);
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_WINDOW);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (turnout_window_parent_class)->dispose (object);
}

static void
turnout_window_finalize (GObject *object)
{
  TurnoutWindow *self = (TurnoutWindow *) object;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->bulk_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->members);
  g_clear_object (&self->filter_labels);
  g_clear_pointer (&self->programs, g_ptr_array_unref);
  g_clear_pointer (&self->remove_reason, g_free);
  g_clear_handle_id (&self->undo_timeout_id, g_source_remove);
  g_clear_pointer (&self->program_views, g_hash_table_unref);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_weak_pointer (&self->shown_toast);
  g_clear_handle_id (&self->dismiss_toast_id, g_source_remove);

  G_OBJECT_CLASS (turnout_window_parent_class)->finalize (object);
}

static void
turnout_window_class_init (TurnoutWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = turnout_window_dispose;
  object_class->finalize = turnout_window_finalize;
  window_class->close_request = turnout_window_close_request;

  turnout_ensure_resources ();

  g_type_ensure (TURNOUT_TYPE_CLIP_BIN);
  g_type_ensure (TURNOUT_TYPE_FUNNEL);
  g_type_ensure (TURNOUT_TYPE_MEMBER_DETAILS);
  g_type_ensure (TURNOUT_TYPE_MEMBERS_VIEW);
  g_type_ensure (TURNOUT_TYPE_PROGRAM_SIDEBAR);
  g_type_ensure (TURNOUT_TYPE_PROBLEM_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, program_sidebar);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, members_error_page);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, location_bar);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, location_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, change_status_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, event_menu_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, details_button);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, columns_box);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, members_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, bulk_revealer);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, bulk_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, bulk_progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, members_table);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, funnel);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, program_info);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, details);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, problem_banner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, team_banner);

  _turnout_window_class_actions_init (widget_class);
}

/* A spinning spinner animates its style on every frame, and GTK 4.8
 * then restyles every widget after it, shown or not: the whole members
 * table, sixty times a second. The loading page's spinner therefore spins
 * only while its page is on screen.
 */
static void
spin_while_mapped (GtkSpinner *spinner)
{
  g_signal_connect (spinner, "map", G_CALLBACK (gtk_spinner_start), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
}

/* The members table, its model and the Columns popover's checks. */
static void
turnout_window_init_members (TurnoutWindow *self)
{
  GtkColumnView *view;
  GListModel *columns;

  /* The table's model is the table's; the window reads it often. */
  self->members = g_object_ref (turnout_members_view_get_list (self->members_table));
  self->selection = g_object_ref (turnout_members_view_get_selection (self->members_table));
  turnout_members_view_set_settings (self->members_table, self->settings);
  g_signal_connect (self->members_table, "selection-changed", G_CALLBACK (on_members_selection_changed), self);
  g_signal_connect (self->members_table, "rows-changed", G_CALLBACK (on_members_rows_changed), self);
  /* The checks in the table's order, as the settings restored it. */
  view = gtk_column_view_column_get_column_view (turnout_members_view_get_column (self->members_table, 0));
  columns = gtk_column_view_get_columns (view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkWidget *check = gtk_check_button_new_with_label (gtk_column_view_column_get_title (column));

      g_object_bind_property (column, "visible", check, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
      gtk_box_append (self->columns_box, check);
    }
}

/* The toolbar's search and status filter, and the funnel that sets it. */
static void
turnout_window_init_filter (TurnoutWindow *self)
{
  g_autoptr(GtkListItemFactory) button_factory = filter_factory (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = filter_factory (FALSE);

  self->filter_labels = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (self->filter_labels));
  gtk_drop_down_set_factory (self->status_filter, button_factory);
  gtk_drop_down_set_list_factory (self->status_filter, list_factory);
  g_signal_connect (self->status_filter, "notify::selected", G_CALLBACK (on_filter_selected), self);

  gtk_search_entry_set_search_delay (self->search_entry, 0);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_search_stop), self);
  g_signal_connect (self->funnel, "status-activated", G_CALLBACK (on_funnel_status), self);
}

/* The size and state it had when it last closed. */
static void
turnout_window_init_state (TurnoutWindow *self)
{
  if (self->settings == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
turnout_window_init (TurnoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  spin_while_mapped (self->content_spinner);
  self->cancellable = g_cancellable_new ();
  self->settings = turnout_settings_new ();
  self->program_views = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                               NULL, program_view_free);

  turnout_window_init_members (self);
  turnout_window_init_filter (self);
  _turnout_window_init_change_status (self);
  g_signal_connect (self->program_sidebar, "program-selected", G_CALLBACK (on_program_selected), self);
  g_signal_connect (self->program_sidebar, "program-activated", G_CALLBACK (on_program_activated), self);
  turnout_window_init_state (self);

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  _turnout_window_actions_update (self);
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *moved_aside = NULL;

  self->loading--;
  if (!turnout_store_open_finish (TURNOUT_STORE (object), result, &moved_aside, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      turnout_program_sidebar_set_programs (self->program_sidebar, NULL, 0);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-program", FALSE);
      return;
    }

  if (moved_aside != NULL && *moved_aside != '\0')
    {
      g_autofree char *message = g_strdup_printf (_("The database was damaged. It was kept as %s and a new one was started."),
                                                  moved_aside);
      AdwToast *toast = _turnout_window_show_toast (self, message);

      adw_toast_set_timeout (toast, 0);
    }

  _turnout_window_reload_programs (self);
}

/* A team database is named above the programs, whose database it is,
 * under the menu that switches it; the local file is what one expects
 * and says nothing. */
static void
show_location (TurnoutWindow *self)
{
  const char *path = turnout_store_get_path (self->store);
  g_autofree char *where = NULL;
  g_autofree char *text = NULL;

  if (!turnout_db_is_team_location (path))
    return;
  where = turnout_db_describe_location (path);
  /* Translators: %s is "turnout on db.example.org" */
  text = g_strdup_printf (_("Team database: %s"), where);
  gtk_label_set_text (self->location_label, text);
  gtk_widget_set_visible (self->location_bar, TRUE);
}

TurnoutWindow *
turnout_window_new (TurnoutApplication *application,
                    TurnoutStore       *store)
{
  TurnoutWindow *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_WINDOW, "application", application, NULL);
  self->store = g_object_ref (store);
  show_location (self);
  if (application != NULL)
    turnout_window_set_on24_service (self, turnout_application_get_on24_service (application));
  self->loading++;
  turnout_store_open_async (store, self->cancellable, open_cb, g_object_ref (self));
  /* After the open: the watch asks the store which connection is its own. */
  _turnout_window_live_start (self);

  return self;
}

GPtrArray *
turnout_window_get_programs (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return self->programs;
}

gint64
turnout_window_get_program_id (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), 0);
  return self->program_id;
}

void
turnout_window_select_program (TurnoutWindow *self,
                               gint64         program_id)
{
  g_return_if_fail (TURNOUT_IS_WINDOW (self));
  turnout_program_sidebar_select (self->program_sidebar, program_id);
}

/* TRUE while the window waits for the store; tests spin until it is FALSE. */
gboolean
turnout_window_is_loading (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), FALSE);
  return self->loading > 0 || self->refreshing || turnout_member_list_is_sorting (self->members);
}

/* For tests: one of the members table's columns, shown or not. */
GtkColumnViewColumn *
turnout_window_get_column (TurnoutWindow       *self,
                           TurnoutMemberColumn  column)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (column < TURNOUT_MEMBER_N_COLUMNS, NULL);
  return turnout_members_view_get_column (self->members_table, column);
}

/* For tests: the members table's model (the selection over it). */
GtkSelectionModel *
turnout_window_get_members (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return self->selection;
}

/* For tests: the title of the last toast shown. */
const char *
turnout_window_get_last_toast (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return self->last_toast;
}

/* Reads the programs and the selected program's members again, keeping
 * the selection: call it after changing the database from elsewhere.
 */
void
_turnout_window_reload (TurnoutWindow *self)
{
  g_return_if_fail (TURNOUT_IS_WINDOW (self));
  _turnout_window_reload_all (self);
}

void
_turnout_window_add_toast (TurnoutWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (TURNOUT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  /* A dismissal still waiting was for the toast before. */
  g_clear_handle_id (&self->dismiss_toast_id, g_source_remove);
  g_set_weak_pointer (&self->shown_toast, toast);
  self->shown_toast_at = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* libadwaita 1.2 frees a toast dismissed while it still slides in (for
 * up to 500 ms, when it replaces another) before its animation ends, and
 * then crashes when that animation does: it goes once it is in place. */
#define TOAST_IN_PLACE_US (600 * G_TIME_SPAN_MILLISECOND)

static gboolean
dismiss_toast_now (gpointer data)
{
  TurnoutWindow *self = data;

  self->dismiss_toast_id = 0;
  if (self->shown_toast != NULL)
    adw_toast_dismiss (self->shown_toast);
  return G_SOURCE_REMOVE;
}

/* The last toast goes, if it still shows: a bulk change's progress shows
 * where it is. */
void
_turnout_window_dismiss_toast (TurnoutWindow *self)
{
  gint64 shown_for = g_get_monotonic_time () - self->shown_toast_at;

  if (self->shown_toast == NULL || self->dismiss_toast_id != 0)
    return;
  if (shown_for >= TOAST_IN_PLACE_US)
    dismiss_toast_now (self);
  else
    self->dismiss_toast_id = g_timeout_add ((guint) ((TOAST_IN_PLACE_US - shown_for) / 1000) + 1,
                                            dismiss_toast_now, self);
}

/* The webinar provider this window refreshes from and hears about pushes
 * from; the application's, or a test's. NULL: none. */
void
turnout_window_set_on24_service (TurnoutWindow      *self,
                                 TurnoutOn24Service *service)
{
  g_return_if_fail (TURNOUT_IS_WINDOW (self));
  g_return_if_fail (service == NULL || TURNOUT_IS_ON24_SERVICE (service));

  if (self->on24 == service)
    return;
  if (self->on24 != NULL)
    g_signal_handlers_disconnect_by_data (self->on24, self);
  g_set_object (&self->on24, service);
  if (service != NULL)
    {
      g_signal_connect (service, "push-outcome", G_CALLBACK (on_push_outcome), self);
      g_signal_connect (service, "refreshed", G_CALLBACK (on_refreshed), self);
      g_signal_connect (service, "refreshed::automatic", G_CALLBACK (on_auto_refreshed), self);
      g_signal_connect (service, "problem", G_CALLBACK (on_problem), self);
    }
  _turnout_window_actions_update (self);
}