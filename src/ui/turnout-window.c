/* turnout-window.c: the main window.
 *
 * A leaflet with the program list in the sidebar and the selected program
 * beside it: a members table over TurnoutMemberList (compact arrays, so it
 * stays quick at 100k members), a search, a status filter, Change Status for
 * the selection, and a side pane with the status funnel or the selected
 * member's details and history. Everything comes from the store
 * asynchronously; the window keeps one GCancellable for what it has in
 * flight and cancels it when it goes away.
 */
#define G_LOG_DOMAIN "turnout-window"

#include "config.h"

#include <glib/gi18n.h>

#include "turnout-application.h"
#include "turnout-approve-dialog.h"
#include "turnout-batch-dialog.h"
#include "turnout-cell-text.h"
#include "turnout-channel.h"
#include "turnout-event-settings-dialog.h"
#include "turnout-export-dialog.h"
#include "turnout-funnel.h"
#include "turnout-import-dialog.h"
#include "turnout-member-details.h"
#include "turnout-member-list.h"
#include "turnout-member-selection.h"
#include "turnout-member-table.h"
#include "turnout-on24-error.h"
#include "turnout-person.h"
#include "turnout-rule-notifier.h"
#include "turnout-rules-dialog.h"
#include "turnout-waitlist.h"
#include "turnout-waitlist-dialog.h"
#include "turnout-window.h"

typedef struct
{
  TurnoutWindow       *self;
  TurnoutMemberColumn  column;
} ColumnProbe;

struct _TurnoutWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkStack             *sidebar_stack;
  GtkListBox           *program_list;
  GtkWidget            *content;
  GtkStack             *content_stack;
  AdwWindowTitle       *content_title;
  AdwStatusPage        *error_page;
  AdwFlap              *flap;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *status_filter;
  GtkMenuButton        *change_status_button;
  GtkMenuButton        *event_menu_button;
  GtkWidget            *details_button;
  GtkBox               *columns_box;
  GtkStack             *members_stack;
  GtkRevealer          *bulk_revealer;
  GtkLabel             *bulk_label;
  GtkProgressBar       *bulk_progress_bar;
  GtkColumnView        *members_view;
  GtkLabel             *count_label;
  GtkStack             *side_stack;
  TurnoutFunnel        *funnel;
  GtkLabel             *program_info;
  TurnoutMemberDetails *details;
  GtkSpinner           *refresh_spinner;
  GtkSpinner           *sidebar_spinner;
  GtkSpinner           *content_spinner;

  GSettings            *settings;
  TurnoutOn24Service   *on24;           /* NULL: no provider (tests) */
  gboolean              refreshing;
  guint                 push_reload_id;
  guint                 stale_rows_id;   /* updating rows off screen after a frame */
  GtkAdjustment        *view_adjustment; /* the members view's, followed for the rows on screen */
  TurnoutSeats          seats;
  gint64                seats_program_id; /* the program seats counts are for, or 0 */
  TurnoutStore         *store;
  GCancellable         *cancellable;
  /* A Change Status running on the store's thread: its count and its
   * Cancel (which writes nothing), shown once it takes a while. */
  GCancellable         *bulk_cancellable;
  TurnoutProgress       bulk_progress;
  gint64                bulk_started;
  guint                 bulk_timeout_id;
  GPtrArray            *programs;       /* of TurnoutProgram */
  gint64                program_id;     /* selected, or 0 */
  gint64                select_after_load;
  gboolean              programs_loaded_once;
  guint                 loading;

  TurnoutMemberList    *members;
  TurnoutMemberSelection *selection;
  guint                 members_generation;
  /* The members the coordinator selected, by row of selected_table: a
   * bit each. Read from the selection only when its positions are about
   * to show other rows (selection_unread until then), so that selecting
   * a million members costs no more than the selection's own range.
   */
  TurnoutMemberTable   *selected_table;
  guint64              *selected_rows;
  guint                 n_selected_rows;
  gboolean              selection_unread;
  gint64                select_person_id; /* one to select once a table has them, or 0 */
  gboolean              restoring;
  GtkStringList        *filter_labels;
  int                   filter_status[64];  /* dropdown position -> status index */
  guint                 n_filter_status;
  gboolean              updating_filter;
  char                 *menu_channel;   /* channel the Change Status menu was built for */
  GtkColumnViewColumn  *columns[TURNOUT_MEMBER_N_COLUMNS];
  ColumnProbe           probes[TURNOUT_MEMBER_N_COLUMNS];
  int                   probed_column;
  guint                 details_generation;
  gint64                details_person_id;
  char                 *last_toast;
};

G_DEFINE_FINAL_TYPE (TurnoutWindow, turnout_window, ADW_TYPE_APPLICATION_WINDOW)

static void reload_programs (TurnoutWindow *self);
static void scroll_to_top (TurnoutWindow *self);
static void load_members (TurnoutWindow *self);
static void update_actions (TurnoutWindow *self);
static void update_details (TurnoutWindow *self);
static void load_seats (TurnoutWindow *self);
static void forget_selection (TurnoutWindow *self);

/* Which columns show is kept by key in the "hidden-columns" setting, whose
 * default matches @visible here.
 */
static const struct
{
  const char *key;
  const char *title;
  gboolean    numeric;
  gboolean    expand;
  gboolean    visible;
  int         width;
} column_info[TURNOUT_MEMBER_N_COLUMNS] = {
  [TURNOUT_MEMBER_COLUMN_NAME] = { "name", N_("Name"), FALSE, TRUE, TRUE, 190 },
  [TURNOUT_MEMBER_COLUMN_EMAIL] = { "email", N_("E-mail"), FALSE, TRUE, TRUE, 250 },
  [TURNOUT_MEMBER_COLUMN_COMPANY] = { "company", N_("Company"), FALSE, FALSE, TRUE, 160 },
  [TURNOUT_MEMBER_COLUMN_JOB_TITLE] = { "job-title", N_("Job Title"), FALSE, FALSE, TRUE, 170 },
  [TURNOUT_MEMBER_COLUMN_STATUS] = { "status", N_("Status"), FALSE, FALSE, TRUE, 150 },
  [TURNOUT_MEMBER_COLUMN_STATUS_REASON] = { "status-reason", N_("Status Reason"), FALSE, FALSE, TRUE, 230 },
  [TURNOUT_MEMBER_COLUMN_MEMBER_DATE] = { "member-date", N_("Member Date"), FALSE, FALSE, TRUE, 150 },
  [TURNOUT_MEMBER_COLUMN_STATUS_CHANGED] = { "status-changed", N_("Status Changed"), FALSE, FALSE, FALSE, 150 },
  [TURNOUT_MEMBER_COLUMN_SUCCESS] = { "success", N_("Success"), FALSE, FALSE, TRUE, 150 },
  [TURNOUT_MEMBER_COLUMN_LIVE_MINUTES] = { "live-minutes", N_("Live Minutes"), TRUE, FALSE, TRUE, 110 },
  [TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES] = { "ondemand-minutes", N_("On-demand Minutes"), TRUE, FALSE, FALSE, 150 },
  /* Translators: a column: whether the registration reached the webinar provider */
  [TURNOUT_MEMBER_COLUMN_PUSH] = { "push", N_("Push"), FALSE, FALSE, TRUE, 100 },
  [TURNOUT_MEMBER_COLUMN_ENGAGEMENT] = { "engagement-score", N_("Engagement Score"), TRUE, FALSE, FALSE, 150 },
};

/* Toasts */

static AdwToast *
show_toast (TurnoutWindow *self,
            const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  turnout_window_add_toast (self, toast);
  return toast;
}

static void
show_error (TurnoutWindow *self,
            const GError  *error)
{
  show_toast (self, error->message);
}

/* Programs */

static char *
format_program_date (const TurnoutProgram *program)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (program->live_start == NULL)
    return g_strdup (_("No date set"));

  when = g_date_time_new_from_iso8601 (program->live_start, NULL);
  if (when == NULL)
    return g_strdup (program->live_start);

  local = g_date_time_to_local (when);
  /* Translators: a program's date in the sidebar; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

static char *
format_program_counts (const TurnoutProgram *program)
{
  g_autofree char *members = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members",
                                                           program->n_members),
                                              program->n_members);

  /* Translators: "320 members · 220 registered · 90 attended" */
  return g_strdup_printf (_("%s · %u registered · %u attended"),
                          members, program->n_registered, program->n_attended);
}

static GtkWidget *
create_program_row (const TurnoutProgram *program)
{
  g_autofree char *date = format_program_date (program);
  g_autofree char *counts = format_program_counts (program);
  g_autofree char *description = g_strdup_printf ("%s, %s", date, counts);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *name = gtk_label_new (program->name);
  GtkWidget *when = gtk_label_new (date);
  GtkWidget *numbers = gtk_label_new (counts);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (when), 0);
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (numbers), 0);
  gtk_label_set_wrap (GTK_LABEL (numbers), TRUE);
  gtk_widget_add_css_class (numbers, "caption");
  gtk_widget_add_css_class (numbers, "program-counts");

  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), when);
  gtk_box_append (GTK_BOX (box), numbers);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, program->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, program->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "program-id", g_memdup2 (&program->id, sizeof program->id), g_free);

  return row;
}

static gint64
row_program_id (GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "program-id");

  return id ? *id : 0;
}

static const TurnoutProgram *
find_program (TurnoutWindow *self,
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
  const TurnoutProgram *program = find_program (self, self->program_id);
  g_autofree char *date = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *info = NULL;

  if (program == NULL)
    {
      adw_window_title_set_title (self->content_title, _("Turnout"));
      adw_window_title_set_subtitle (self->content_title, NULL);
      return;
    }

  date = format_program_date (program);
  counts = format_program_counts (program);
  adw_window_title_set_title (self->content_title, program->name);
  adw_window_title_set_subtitle (self->content_title, date);

  if (program->capacity >= 0 && self->seats_program_id == program->id)
    /* Translators: "120 / 150 seats taken" */
    info = g_strdup_printf (_("%s\n%u / %d seats taken"), counts, self->seats.taken, program->capacity);
  else if (program->capacity >= 0)
    info = g_strdup_printf (_("%s\n%d seats"), counts, program->capacity);
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

static void
show_program (TurnoutWindow *self,
              gint64         program_id)
{
  const TurnoutProgram *program = find_program (self, program_id);
  gboolean changed = (program ? program_id : 0) != self->program_id;

  self->program_id = program ? program_id : 0;
  update_program_header (self);

  if (program == NULL)
    {
      turnout_member_list_set_table (self->members, NULL);
      gtk_stack_set_visible_child_name (self->content_stack,
                                        self->programs && self->programs->len ? "no-program" : "empty");
      update_actions (self);
      return;
    }

  if (self->settings != NULL)
    g_settings_set_int64 (self->settings, "last-program", program_id);

  if (changed)
    {
      forget_selection (self);
      turnout_member_list_set_table (self->members, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "loading");
    }
  load_members (self);
  update_actions (self);
}

static void
on_row_selected (GtkListBox    *box,
                 GtkListBoxRow *row,
                 TurnoutWindow *self)
{
  if (row == NULL)
    return;

  show_program (self, row_program_id (row));
}

static void
on_row_activated (GtkListBox    *box,
                  GtkListBoxRow *row,
                  TurnoutWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
populate_programs (TurnoutWindow *self)
{
  GtkWidget *child;
  GtkListBoxRow *selected = NULL;
  gint64 select = self->select_after_load ? self->select_after_load : self->program_id;

  /* At start the last program comes back, if it is still there. */
  if (!self->programs_loaded_once && select == 0 && self->settings != NULL)
    select = g_settings_get_int64 (self->settings, "last-program");
  self->programs_loaded_once = TRUE;
  self->select_after_load = 0;

  if (find_program (self, select) == NULL && self->programs->len > 0)
    select = ((TurnoutProgram *) g_ptr_array_index (self->programs, 0))->id;

  g_signal_handlers_block_by_func (self->program_list, on_row_selected, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->program_list))) != NULL)
    gtk_list_box_remove (self->program_list, child);

  for (guint i = 0; i < self->programs->len; i++)
    {
      const TurnoutProgram *program = g_ptr_array_index (self->programs, i);
      GtkWidget *row = create_program_row (program);

      gtk_list_box_append (self->program_list, row);
      if (program->id == select)
        selected = GTK_LIST_BOX_ROW (row);
    }
  if (selected != NULL)
    gtk_list_box_select_row (self->program_list, selected);
  g_signal_handlers_unblock_by_func (self->program_list, on_row_selected, self);

  gtk_stack_set_visible_child_name (self->sidebar_stack, "programs");

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
        show_error (self, error);
      return;
    }

  g_clear_pointer (&self->programs, g_ptr_array_unref);
  self->programs = g_steal_pointer (&programs);
  populate_programs (self);
}

static void
reload_programs (TurnoutWindow *self)
{
  self->loading++;
  turnout_store_list_programs_async (self->store, self->cancellable, list_programs_cb, g_object_ref (self));
}

/* Members */

/* For the actions that need them: the person ids of the selected
 * positions, in order. Not for every selection change: all of a million
 * members take a few milliseconds.
 */
static GArray *
selected_person_ids (TurnoutWindow *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  GArray *ids;
  const guint32 *rows;
  GtkBitsetIter iter;
  guint position, n, first, last, k = 0;

  if (table == NULL || gtk_bitset_is_empty (set))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  /* Blank positions, at the end, have nobody. */
  rows = turnout_member_list_peek_rows (self->members, &n);
  first = gtk_bitset_get_minimum (set);
  last = gtk_bitset_get_maximum (set);
  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) MIN (gtk_bitset_get_size (set), n));
  g_array_set_size (ids, (guint) MIN (gtk_bitset_get_size (set), n));

  /* Mostly one run of positions: all of them, one, or a range. */
  if (gtk_bitset_get_size (set) == (guint64) last - first + 1)
    for (position = first; position <= last && position < n; position++)
      g_array_index (ids, gint64, k++) = turnout_member_table_get_person_id (table, rows[position]);
  else
    for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok && position < n;
         ok = gtk_bitset_iter_next (&iter, &position))
      g_array_index (ids, gint64, k++) = turnout_member_table_get_person_id (table, rows[position]);

  g_array_set_size (ids, k);
  return ids;
}

static void
update_count_label (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  guint total = table ? turnout_member_table_get_n_rows (table) : 0;
  guint shown = turnout_member_list_get_n_matching (self->members);
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  guint64 selected = gtk_bitset_get_size (set);
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member", "%u members", total), total);
  else
    /* Translators: "12 of 320 members shown" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u member shown", "%u of %u members shown", total),
                            shown, total);

  if (selected > 0)
    {
      g_autofree char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u selected", "%s · %u selected",
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
  g_ptr_array_add (labels, g_strdup_printf (_("All Statuses (%u)"),
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
      g_ptr_array_add (labels, g_strdup_printf (_("%s (%u)"), turnout_status_get_display_name (status),
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
rebuild_change_status_menu (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  TurnoutChannel *channel = table ? turnout_member_table_get_channel (table) : NULL;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) statuses = NULL;
  g_autoptr(GMenu) remove = NULL;

  if (channel == NULL || g_strcmp0 (self->menu_channel, turnout_channel_get_key (channel)) == 0)
    return;

  g_free (self->menu_channel);
  self->menu_channel = g_strdup (turnout_channel_get_key (channel));

  menu = g_menu_new ();
  statuses = g_menu_new ();
  remove = g_menu_new ();
  for (guint i = 0; i < turnout_channel_get_n_statuses (channel); i++)
    {
      const TurnoutStatus *status = turnout_channel_get_status (channel, i);
      g_autoptr(GMenuItem) item = NULL;

      if (g_str_equal (status->key, TURNOUT_STATUS_NOT_IN_PROGRAM))
        {
          item = g_menu_item_new (_("Remove from Program…"), NULL);
          g_menu_item_set_action_and_target_value (item, "win.remove-members", NULL);
          g_menu_append_item (remove, item);
          continue;
        }
      item = g_menu_item_new (turnout_status_get_display_name (status), NULL);
      g_menu_item_set_action_and_target_value (item, "win.change-status", g_variant_new_string (status->key));
      g_menu_append_item (statuses, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (statuses));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (remove));
  gtk_menu_button_set_menu_model (self->change_status_button, G_MENU_MODEL (menu));
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

/* The selection is kept by member, a bit per row of the table it was
 * read from, so that it survives a reload, a new sort and a search:
 * positions change under it all the time.
 */

static inline gboolean
row_is_selected (const guint64 *rows,
                 guint          row)
{
  return (rows[row / 64] >> (row % 64)) & 1;
}

static inline void
select_row (TurnoutWindow *self,
            guint          row)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (row % 64);

  if ((self->selected_rows[row / 64] & bit) == 0)
    {
      self->selected_rows[row / 64] |= bit;
      self->n_selected_rows++;
    }
}

/* No member selected, of @table. */
static void
clear_selected_rows (TurnoutWindow      *self,
                     TurnoutMemberTable *table)
{
  gsize n_words = ((gsize) (table ? turnout_member_table_get_n_rows (table) : 0) + 63) / 64;

  if (table != NULL)
    turnout_member_table_ref (table);
  g_clear_pointer (&self->selected_table, turnout_member_table_unref);
  self->selected_table = table;
  g_free (self->selected_rows);
  self->selected_rows = g_new0 (guint64, MAX (n_words, 1));
  self->n_selected_rows = 0;
}

static void
forget_selection (TurnoutWindow *self)
{
  clear_selected_rows (self, NULL);
  self->selection_unread = FALSE;
  self->select_person_id = 0;
}

/* The selection, read from its positions into the rows they show, just
 * before they show others. It replaces what was kept, as each change of
 * the coordinator's does: members a search hides are no longer selected
 * once the selection changes.
 */
static void
read_selection (TurnoutWindow *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  const guint32 *rows;
  GtkBitsetIter iter;
  guint position, n, first, last;

  self->selection_unread = FALSE;
  clear_selected_rows (self, table);
  if (table == NULL || gtk_bitset_is_empty (set))
    return;

  rows = turnout_member_list_peek_rows (self->members, &n);
  first = gtk_bitset_get_minimum (set);
  last = gtk_bitset_get_maximum (set);
  if (gtk_bitset_get_size (set) == (guint64) last - first + 1)
    for (position = first; position <= last && position < n; position++)
      select_row (self, rows[position]);
  else
    for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok && position < n;
         ok = gtk_bitset_iter_next (&iter, &position))
      select_row (self, rows[position]);
}

/* The same members selected in @table, the program's table read again.
 * A reload lists the members in the same order (by membership), so the
 * rows are compared in step; only after the first that differs (someone
 * added or removed) are the selected ones looked up by person.
 */
static void
carry_selection (TurnoutWindow      *self,
                 TurnoutMemberTable *table)
{
  TurnoutMemberTable *old = g_steal_pointer (&self->selected_table);
  g_autofree guint64 *old_rows = g_steal_pointer (&self->selected_rows);
  guint n_old_selected = self->n_selected_rows;
  guint n_old, n_new, common = 0;

  clear_selected_rows (self, table);
  if (old == NULL)
    return;
  if (table == NULL || n_old_selected == 0 ||
      turnout_member_table_get_program_id (old) != turnout_member_table_get_program_id (table))
    {
      turnout_member_table_unref (old);
      return;
    }

  n_old = turnout_member_table_get_n_rows (old);
  n_new = turnout_member_table_get_n_rows (table);
  for (; common < MIN (n_old, n_new); common++)
    {
      if (turnout_member_table_get_person_id (old, common) != turnout_member_table_get_person_id (table, common))
        break;
      if (row_is_selected (old_rows, common))
        select_row (self, common);
    }

  if (common < n_old)
    {
      g_autoptr(GHashTable) ids = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autofree gint64 *keys = g_new (gint64, n_old - common);
      guint n_keys = 0;

      for (guint row = common; row < n_old; row++)
        if (row_is_selected (old_rows, row))
          {
            keys[n_keys] = turnout_member_table_get_person_id (old, row);
            g_hash_table_add (ids, &keys[n_keys++]);
          }
      for (guint row = common; n_keys > 0 && row < n_new; row++)
        {
          gint64 id = turnout_member_table_get_person_id (table, row);

          if (g_hash_table_contains (ids, &id))
            select_row (self, row);
        }
    }
  turnout_member_table_unref (old);
}

static void
restore_selection (TurnoutWindow *self)
{
  g_autoptr(GtkBitset) set = NULL;
  g_autoptr(GtkBitset) current = NULL;
  g_autoptr(GtkBitset) mask = NULL;
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  const guint32 *rows;
  guint n;

  /* Not read since the coordinator changed it: the positions still show
   * the rows they showed then (only positions were added or taken away).
   */
  if (self->selection_unread)
    return;
  if (table != self->selected_table)
    carry_selection (self, table);
  if (table == NULL || turnout_member_list_is_sorting (self->members))
    return;

  if (self->select_person_id != 0)
    {
      int row = turnout_member_table_find_person (table, self->select_person_id);

      if (row >= 0)
        {
          select_row (self, row);
          self->select_person_id = 0;
        }
    }

  rows = turnout_member_list_peek_rows (self->members, &n);
  if (self->n_selected_rows > 0 && self->n_selected_rows == turnout_member_table_get_n_rows (table))
    set = gtk_bitset_new_range (0, n);
  else
    {
      set = gtk_bitset_new_empty ();
      for (guint i = 0; self->n_selected_rows > 0 && i < n; i++)
        if (row_is_selected (self->selected_rows, rows[i]))
          {
            guint start = i;

            while (i + 1 < n && row_is_selected (self->selected_rows, rows[i + 1]))
              i++;
            gtk_bitset_add_range (set, start, i - start + 1);
          }
    }

  current = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_equals (set, current))
    return;

  mask = gtk_bitset_new_range (0, n_items);
  self->restoring = TRUE;
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), set, mask);
  self->restoring = FALSE;
}

static void
select_person (TurnoutWindow *self,
               gint64         person_id)
{
  clear_selected_rows (self, self->selected_table);
  self->selection_unread = FALSE;
  self->select_person_id = person_id;
  restore_selection (self);
}

typedef struct
{
  gint64 program_id;
  int    sort_column;   /* the order to compute with the table, or -1 */
} LoadRequest;

/* A program just selected is not sorted here: the members list shows the
 * first rows in the table's order at once, and sorts the rest in the
 * background. A reload of the table shown is: its rows then take the
 * places of the old ones at once, keeping the view's row widgets and
 * scroll position, rather than the first rows alone until the order
 * comes.
 */
static gpointer
load_members_job (TurnoutDb     *db,
                  gpointer       data,
                  GCancellable  *cancellable,
                  GError       **error)
{
  const LoadRequest *request = data;
  TurnoutMemberTable *table = turnout_member_table_load (db, request->program_id, cancellable, error);

  if (table != NULL && request->sort_column >= 0)
    turnout_member_table_get_order (table, request->sort_column);
  return table;
}

typedef struct
{
  TurnoutWindow *self;
  guint          generation;
} LoadMembers;

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
  table = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (!current)
    return;
  if (table == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (turnout_member_table_get_program_id (table) != self->program_id)
    return;

  turnout_member_list_set_table (self->members, table);
  rebuild_status_filter (self);
  rebuild_change_status_menu (self);
  update_funnel (self);
  update_count_label (self);
  /* A reload keeps the selection as it was, without a change to show the
   * member selected again: their details may have changed with it.
   */
  if (self->details_person_id != 0)
    update_details (self);
  gtk_stack_set_visible_child_name (self->content_stack, "program");
  load_seats (self);
  update_actions (self);
}

/* Seats taken against the program's limit, for the overview */

/* An answer about one program, which may no longer be the one shown. */
typedef struct
{
  TurnoutWindow *self;
  gint64         program_id;
} ProgramCall;

static ProgramCall *
program_call_new (TurnoutWindow *self)
{
  ProgramCall *call = g_new0 (ProgramCall, 1);

  call->self = g_object_ref (self);
  call->program_id = self->program_id;
  return call;
}

static void
count_seats_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProgramCall *call = user_data;
  g_autoptr(TurnoutWindow) self = call->self;
  g_autoptr(GError) error = NULL;
  TurnoutSeats seats;
  gint64 program_id = call->program_id;

  g_free (call);
  self->loading--;
  if (!turnout_waitlist_count_seats_finish (TURNOUT_STORE (object), result, &seats, &error))
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
  const TurnoutProgram *program = find_program (self, self->program_id);

  if (program == NULL || program->capacity < 0)
    {
      self->seats_program_id = 0;
      return;
    }
  self->loading++;
  turnout_waitlist_count_seats_async (self->store, self->program_id, self->cancellable,
                                      count_seats_cb, program_call_new (self));
}

static void
load_members (TurnoutWindow *self)
{
  LoadMembers *load;
  LoadRequest *request;
  TurnoutMemberTable *shown;

  if (self->program_id == 0)
    return;

  request = g_new0 (LoadRequest, 1);
  request->program_id = self->program_id;
  shown = turnout_member_list_get_table (self->members);
  request->sort_column = -1;
  if (shown != NULL && turnout_member_table_get_program_id (shown) == self->program_id)
    request->sort_column = turnout_member_list_get_sort_column (self->members);
  load = g_new0 (LoadMembers, 1);
  load->self = g_object_ref (self);
  load->generation = ++self->members_generation;
  self->loading++;
  turnout_store_run_async (self->store, load_members_job, request, g_free,
                           (GDestroyNotify) turnout_member_table_unref,
                           self->cancellable, load_members_cb, load);
}

static void
reload_all (TurnoutWindow *self)
{
  reload_programs (self);
  load_members (self);
}

/* Details of one member */

typedef struct
{
  gint64         program_id;
  gint64         person_id;
  TurnoutMember *member;
  GPtrArray     *history;
} MemberDetails;

static void
member_details_free (MemberDetails *details)
{
  g_clear_pointer (&details->member, turnout_member_free);
  g_clear_pointer (&details->history, g_ptr_array_unref);
  g_free (details);
}

static gpointer
member_details_job (TurnoutDb     *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  MemberDetails *request = data;
  MemberDetails *details = g_new0 (MemberDetails, 1);

  details->program_id = request->program_id;
  details->person_id = request->person_id;
  details->member = turnout_db_get_member (db, request->program_id, request->person_id, error);
  if (details->member == NULL)
    {
      member_details_free (details);
      return NULL;
    }
  details->history = turnout_db_get_history (db, request->program_id, request->person_id, error);
  if (details->history == NULL)
    {
      member_details_free (details);
      return NULL;
    }
  return details;
}

static void
member_details_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LoadMembers *load = user_data;
  g_autoptr(TurnoutWindow) self = load->self;
  g_autoptr(GError) error = NULL;
  MemberDetails *details;
  gboolean current = load->generation == self->details_generation;
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);

  g_free (load);
  self->loading--;
  details = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (details == NULL)
    {
      if (current && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_stack_set_visible_child_name (self->side_stack, "overview");
      return;
    }

  if (current && table != NULL)
    {
      turnout_member_details_show (self->details, turnout_member_table_get_channel (table),
                                   details->member, details->history);
      gtk_stack_set_visible_child_name (self->side_stack, "member");
    }
  member_details_free (details);
}

static void
update_details (TurnoutWindow *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  guint row = TURNOUT_MEMBER_ROW_NONE;
  MemberDetails *request;
  LoadMembers *load;

  /* Only how many are selected, not who, unless it is one. */
  self->details_generation++;
  if (table != NULL && gtk_bitset_get_size (set) == 1)
    row = turnout_member_list_get_row (self->members, gtk_bitset_get_minimum (set));
  if (row == TURNOUT_MEMBER_ROW_NONE)
    {
      self->details_person_id = 0;
      gtk_stack_set_visible_child_name (self->side_stack, "overview");
      return;
    }

  self->details_person_id = turnout_member_table_get_person_id (table, row);
  request = g_new0 (MemberDetails, 1);
  request->program_id = self->program_id;
  request->person_id = self->details_person_id;
  load = g_new0 (LoadMembers, 1);
  load->self = g_object_ref (self);
  load->generation = self->details_generation;
  self->loading++;
  turnout_store_run_async (self->store, member_details_job, request,
                           (GDestroyNotify) member_details_free,
                           (GDestroyNotify) member_details_free,
                           self->cancellable, member_details_cb, load);
}

static void
on_selection_changed (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      TurnoutWindow     *self)
{
  /* Read into members only when the positions are about to change. */
  if (!self->restoring)
    {
      self->selection_unread = TRUE;
      self->select_person_id = 0;
    }

  update_count_label (self);
  update_details (self);
  update_actions (self);
}

static void
on_rows_changing (TurnoutMemberList *list,
                  TurnoutWindow     *self)
{
  if (self->selection_unread)
    read_selection (self);
}

static void
on_rows_changed (TurnoutMemberList *list,
                 TurnoutWindow     *self)
{
  restore_selection (self);
  update_count_label (self);
}

/* Change Status */

typedef struct
{
  TurnoutWindow *self;
  char          *to_status;
  guint          asked;
} ChangeRequest;

static char *
describe_change (TurnoutChannel           *channel,
                 const char               *to_status,
                 const TurnoutChangeCount *count)
{
  const TurnoutChangeSummary summary = count->summary;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *refusal = count->refusal;

  if (summary.removed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u removed from the program",
                                                          "%u removed from the program", summary.removed),
                                             summary.removed));
  if (summary.changed > summary.wait_listed)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u changed", "%u changed",
                                                          summary.changed - summary.wait_listed),
                                             summary.changed - summary.wait_listed));
  if (summary.wait_listed > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u wait-listed (no seats left)",
                                                          "%u wait-listed (no seats left)", summary.wait_listed),
                                             summary.wait_listed));
  if (summary.skipped > 0)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u skipped (already in or past this status)",
                                                          "%u skipped (already in or past this status)", summary.skipped),
                                             summary.skipped));
  if (summary.refused > 0)
    {
      if (refusal != NULL)
        /* Translators: "3 refused: Attended cannot go back to Registered" */
        g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refused: %s", "%u refused: %s",
                                                              summary.refused),
                                                 summary.refused, refusal));
      else
        g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u refused", "%u refused",
                                                              summary.refused),
                                                 summary.refused));
    }
  if (parts->len == 0)
    return g_strdup (_("Nothing changed"));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (", ", (char **) parts->pdata);
}

/* Shown only once the change has taken 200 ms: most finish sooner, and a
 * bar that flashes up and away reads as a glitch. */
#define BULK_SHOW_AFTER_US (200 * G_TIME_SPAN_MILLISECOND)

static gboolean
bulk_tick (gpointer data)
{
  TurnoutWindow *self = data;
  gint done = g_atomic_int_get (&self->bulk_progress.done);
  gint total = g_atomic_int_get (&self->bulk_progress.total);
  g_autofree char *text = NULL;

  if (g_get_monotonic_time () - self->bulk_started < BULK_SHOW_AFTER_US)
    return G_SOURCE_CONTINUE;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Changing the status of %d of %d member…",
                                       "Changing the status of %d of %d members…", total),
                          done, total);
  gtk_label_set_text (self->bulk_label, text);
  gtk_progress_bar_set_fraction (self->bulk_progress_bar, total > 0 ? (double) done / total : 0);
  gtk_revealer_set_reveal_child (self->bulk_revealer, TRUE);
  /* Every member counted: only the commit is left, which Cancel cannot stop. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-bulk",
                                 !turnout_store_progress_is_committing (&self->bulk_progress));
  return G_SOURCE_CONTINUE;
}

static void
bulk_started (TurnoutWindow *self,
              guint          total)
{
  self->bulk_cancellable = g_cancellable_new ();
  /* Cancelling the window's work (closing it) cancels this one too. */
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->bulk_cancellable, G_CONNECT_SWAPPED);
  g_atomic_int_set (&self->bulk_progress.done, 0);
  g_atomic_int_set (&self->bulk_progress.total, (gint) total);
  self->bulk_started = g_get_monotonic_time ();
  self->bulk_timeout_id = g_timeout_add (100, bulk_tick, self);
  update_actions (self);
}

static void
bulk_finished (TurnoutWindow *self)
{
  g_clear_handle_id (&self->bulk_timeout_id, g_source_remove);
  g_clear_object (&self->bulk_cancellable);
  gtk_revealer_set_reveal_child (self->bulk_revealer, FALSE);
  update_actions (self);
}

static void
change_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ChangeRequest *request = user_data;
  g_autoptr(TurnoutWindow) self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeCount) count = NULL;
  g_autofree char *to_status = request->to_status;
  TurnoutMemberTable *table;

  g_free (request);
  self->loading--;
  count = turnout_store_change_status_finish (TURNOUT_STORE (object), result, &error);
  bulk_finished (self);
  if (count == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancelled by its own button, not by the window closing. */
          if (!g_cancellable_is_cancelled (self->cancellable))
            show_toast (self, _("Change cancelled; nothing was changed"));
        }
      else
        show_error (self, error);
      return;
    }

  table = turnout_member_list_get_table (self->members);
  if (table != NULL)
    {
      g_autofree char *message = describe_change (turnout_member_table_get_channel (table), to_status, count);

      show_toast (self, message);
    }
  reload_all (self);
}

static void
change_status (TurnoutWindow *self,
               const char    *to_status)
{
  g_autoptr(GArray) ids = selected_person_ids (self);
  ChangeRequest *request;

  if (ids->len == 0 || self->program_id == 0)
    return;

  if (self->bulk_cancellable != NULL)
    return;

  request = g_new0 (ChangeRequest, 1);
  request->self = g_object_ref (self);
  request->to_status = g_strdup (to_status);
  request->asked = ids->len;
  self->loading++;
  bulk_started (self, ids->len);
  turnout_store_change_status_async (self->store, self->program_id, to_status, ids, NULL,
                                     ids->len == 1 ? TURNOUT_SOURCE_MANUAL : TURNOUT_SOURCE_BULK,
                                     &self->bulk_progress, self->bulk_cancellable,
                                     change_status_cb, request);
}

static void
cancel_bulk_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  g_cancellable_cancel (self->bulk_cancellable);
}

static void
change_status_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const char *key = g_variant_get_string (parameter, NULL);

  if (g_str_equal (key, TURNOUT_STATUS_NOT_IN_PROGRAM))
    gtk_widget_activate_action (widget, "win.remove-members", NULL);
  else
    change_status (self, key);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TurnoutWindow    *self)
{
  if (g_str_equal (response, "remove"))
    change_status (self, TURNOUT_STATUS_NOT_IN_PROGRAM);
}

static void
remove_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  g_autoptr(GArray) ids = selected_person_ids (self);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (ids->len == 0)
    return;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Remove %u person from this program?",
                                          "Remove %u people from this program?", ids->len),
                             ids->len);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("They are set to Not in Program. Their status history is kept, "
                                     "and adding them again starts a new membership."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Programs: new, rename, delete */

typedef struct
{
  TurnoutProgramSpec  spec;
  char               *name;
  gint64              id;
  gboolean            flag;
} ProgramJob;

static void
program_job_free (ProgramJob *job)
{
  g_free (job->name);
  g_free (job);
}

static gpointer
add_program_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ProgramJob *job = data;
  gint64 id = turnout_db_add_program (db, &job->spec, error);

  return id ? g_memdup2 (&id, sizeof id) : NULL;
}

static gpointer
rename_program_job (TurnoutDb     *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ProgramJob *job = data;

  if (!turnout_db_rename_program (db, job->id, job->name, error))
    return NULL;
  return g_memdup2 (&job->id, sizeof job->id);
}

static gpointer
set_deleted_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  ProgramJob *job = data;

  if (!turnout_db_set_program_deleted (db, job->id, job->flag, error))
    return NULL;
  return g_memdup2 (&job->id, sizeof job->id);
}

typedef struct
{
  TurnoutWindow *self;
  char          *message;
  gboolean       deleted;
} ProgramDone;

static void
program_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProgramDone *done = user_data;
  g_autoptr(TurnoutWindow) self = done->self;
  g_autofree char *message = done->message;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *id = NULL;
  gboolean deleted = done->deleted;

  g_free (done);
  self->loading--;
  id = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (id == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  if (deleted)
    {
      AdwToast *toast = show_toast (self, message);

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (*id));
      adw_toast_set_action_name (toast, "win.restore-program");
      if (self->program_id == *id)
        self->program_id = 0;
    }
  else
    {
      self->select_after_load = *id;
      if (message != NULL)
        show_toast (self, message);
    }
  reload_programs (self);
}

static void
run_program_job (TurnoutWindow    *self,
                 TurnoutStoreFunc  func,
                 ProgramJob       *job,
                 char             *message,
                 gboolean          deleted)
{
  ProgramDone *done = g_new0 (ProgramDone, 1);

  done->self = g_object_ref (self);
  done->message = message;
  done->deleted = deleted;
  self->loading++;
  turnout_store_run_async (self->store, func, job, (GDestroyNotify) program_job_free,
                           g_free, self->cancellable, program_done_cb, done);
}

static void
name_entry_changed (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", *name != '\0');
}

static void
name_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  TurnoutWindow    *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  gint64 *rename_id = g_object_get_data (G_OBJECT (dialog), "program-id");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  ProgramJob *job;

  if (!g_str_equal (response, "ok") || *name == '\0')
    return;

  job = g_new0 (ProgramJob, 1);
  job->name = g_steal_pointer (&name);
  if (rename_id != NULL)
    {
      job->id = *rename_id;
      run_program_job (self, rename_program_job, job, NULL, FALSE);
    }
  else
    {
      job->spec.name = job->name;
      job->spec.capacity = -1;
      run_program_job (self, add_program_job, job, NULL, FALSE);
    }
}

static void
ask_program_name (TurnoutWindow        *self,
                  const TurnoutProgram *program)
{
  GtkWidget *dialog;
  GtkWidget *entry;

  if (program == NULL)
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("New Program"),
                                     _("One program holds one webinar."));
  else
    dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Program"), NULL);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Program name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Program name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", program ? _("_Rename") : _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok", FALSE);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  if (program != NULL)
    {
      g_object_set_data_full (G_OBJECT (dialog), "program-id",
                              g_memdup2 (&program->id, sizeof program->id), g_free);
      gtk_editable_set_text (GTK_EDITABLE (entry), program->name);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "ok", TRUE);
    }
  g_signal_connect (entry, "changed", G_CALLBACK (name_entry_changed), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (name_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_program_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ask_program_name (TURNOUT_WINDOW (widget), NULL);
}

static void
rename_program_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program = find_program (self, self->program_id);

  if (program != NULL)
    ask_program_name (self, program);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TurnoutWindow    *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (dialog), "program-id");
  const char *name = g_object_get_data (G_OBJECT (dialog), "program-name");
  ProgramJob *job;

  if (!g_str_equal (response, "delete"))
    return;

  job = g_new0 (ProgramJob, 1);
  job->id = *id;
  job->flag = TRUE;
  run_program_job (self, set_deleted_job, job, g_strdup_printf (_("“%s” deleted"), name), TRUE);
}

static void
delete_program_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program = find_program (self, self->program_id);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (program == NULL)
    return;

  heading = g_strdup_printf (_("Delete “%s”?"), program->name);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The program and its %u member leave the list. You can undo this right after.",
                                       "The program and its %u members leave the list. You can undo this right after.",
                                       program->n_members),
                          program->n_members);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "program-id", g_memdup2 (&program->id, sizeof program->id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "program-name", g_strdup (program->name), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_program_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  ProgramJob *job = g_new0 (ProgramJob, 1);

  job->id = g_variant_get_int64 (parameter);
  job->flag = FALSE;
  run_program_job (self, set_deleted_job, job, g_strdup (_("Program restored")), FALSE);
}

/* People: add a member, edit a person */

typedef struct
{
  gint64          program_id;
  TurnoutPerson   person;       /* id 0: a new member */
} PersonJob;

static void
person_job_free (PersonJob *job)
{
  turnout_person_clear (&job->person);
  g_free (job);
}

static gpointer
save_person_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  PersonJob *job = data;

  if (job->person.id != 0)
    {
      if (!turnout_db_update_person (db, &job->person, error))
        return NULL;
      return turnout_change_result_copy (&(TurnoutChangeResult) { .person_id = job->person.id,
                                                                  .outcome = TURNOUT_MOVE_SKIPPED });
    }
  else
    {
      TurnoutPersonSpec spec = {
        .email = job->person.email,
        .first_name = job->person.first_name,
        .last_name = job->person.last_name,
        .company = job->person.company,
        .job_title = job->person.job_title,
      };

      return turnout_db_add_member (db, job->program_id, &spec, NULL, TURNOUT_SOURCE_MANUAL, error);
    }
}

typedef struct
{
  TurnoutWindow *self;
  gboolean       is_new;
  char          *name;
} PersonDone;

static void
person_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PersonDone *done = user_data;
  g_autoptr(TurnoutWindow) self = done->self;
  g_autofree char *name = done->name;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeResult) change = NULL;
  gboolean is_new = done->is_new;

  g_free (done);
  self->loading--;
  change = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (change == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }

  if (!is_new)
    {
      g_autofree char *message = g_strdup_printf (_("%s saved"), name);

      show_toast (self, message);
    }
  else if (change->outcome == TURNOUT_MOVE_CHANGED)
    {
      g_autofree char *message = g_strdup_printf (_("%s added"), name);

      show_toast (self, message);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("%s is already a member"), name);

      show_toast (self, message);
    }

  /* Show the person just added or edited. */
  select_person (self, change->person_id);
  reload_all (self);
}

static const char *person_fields[] = { "first-name", "last-name", "email", "company", "job-title" };

static void
person_dialog_changed (GtkEditable      *editable,
                       AdwMessageDialog *dialog)
{
  GtkWidget *email = g_object_get_data (G_OBJECT (dialog), "email");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (email));
  gboolean valid = turnout_email_is_valid (text);

  if (valid || *text == '\0')
    gtk_widget_remove_css_class (email, "error");
  else
    gtk_widget_add_css_class (email, "error");
  adw_message_dialog_set_response_enabled (dialog, "save", valid);
}

static void
person_dialog_response (AdwMessageDialog *dialog,
                        const char       *response,
                        TurnoutWindow    *self)
{
  PersonJob *job;
  PersonDone *done;
  gint64 *person_id = g_object_get_data (G_OBJECT (dialog), "person-id");
  char **fields[5];

  if (!g_str_equal (response, "save"))
    return;

  job = g_new0 (PersonJob, 1);
  job->program_id = self->program_id;
  job->person.id = person_id ? *person_id : 0;
  fields[0] = &job->person.first_name;
  fields[1] = &job->person.last_name;
  fields[2] = &job->person.email;
  fields[3] = &job->person.company;
  fields[4] = &job->person.job_title;
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      GtkEditable *row = g_object_get_data (G_OBJECT (dialog), person_fields[i]);

      *fields[i] = g_strstrip (g_strdup (gtk_editable_get_text (row)));
    }

  done = g_new0 (PersonDone, 1);
  done->self = g_object_ref (self);
  done->is_new = job->person.id == 0;
  done->name = turnout_person_dup_display_name (&job->person);
  self->loading++;
  turnout_store_run_async (self->store, save_person_job, job, (GDestroyNotify) person_job_free,
                           (GDestroyNotify) turnout_change_result_free,
                           self->cancellable, person_done_cb, done);
}

static void
show_person_dialog (TurnoutWindow       *self,
                    const TurnoutMember *member)
{
  const char *titles[] = { N_("First Name"), N_("Last Name"), N_("E-mail"), N_("Company"), N_("Job Title") };
  const char *values[5] = { NULL };
  GtkWidget *dialog;
  GtkWidget *list;

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   member ? _("Edit Person") : _("Add Member"),
                                   member ? _("Changes apply to this person in every program.")
                                          : _("The person joins this program as Invited."));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  if (member != NULL)
    {
      values[0] = member->person.first_name;
      values[1] = member->person.last_name;
      values[2] = member->person.email;
      values[3] = member->person.company;
      values[4] = member->person.job_title;
      g_object_set_data_full (G_OBJECT (dialog), "person-id",
                              g_memdup2 (&member->person.id, sizeof (gint64)), g_free);
    }

  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(titles[i]));
      gtk_editable_set_text (GTK_EDITABLE (row), values[i] ? values[i] : "");
      g_object_set_data (G_OBJECT (dialog), person_fields[i], row);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      if (i == 2)
        g_signal_connect (row, "changed", G_CALLBACK (person_dialog_changed), dialog);
    }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", member ? _("_Save") : _("_Add"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save",
                                           member != NULL && turnout_email_is_valid (member->person.email));
  g_signal_connect (dialog, "response", G_CALLBACK (person_dialog_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id != 0)
    show_person_dialog (self, NULL);
}

static gpointer
get_member_job (TurnoutDb     *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  MemberDetails *request = data;

  return turnout_db_get_member (db, request->program_id, request->person_id, error);
}

static void
edit_person_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutMember) member = NULL;

  self->loading--;
  member = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (member == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  show_person_dialog (self, member);
}

static void
edit_person_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  MemberDetails *request;

  if (self->details_person_id == 0)
    return;

  request = g_new0 (MemberDetails, 1);
  request->program_id = self->program_id;
  request->person_id = self->details_person_id;
  self->loading++;
  turnout_store_run_async (self->store, get_member_job, request, (GDestroyNotify) member_details_free,
                           (GDestroyNotify) turnout_member_free, self->cancellable,
                           edit_person_cb, g_object_ref (self));
}

/* Event actions: the webinar provider and the members dialogs */

static gboolean
program_is_linked (TurnoutWindow *self)
{
  const TurnoutProgram *program = find_program (self, self->program_id);

  return program != NULL && program->on24_event_id != 0;
}

static guint
count_members_with (TurnoutWindow *self,
                    const char    *status_key)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  int index;

  if (table == NULL)
    return 0;
  index = turnout_channel_index_of (turnout_member_table_get_channel (table), status_key);
  return index < 0 ? 0 : turnout_member_table_count_status (table, index);
}

/* After anything the window changed: show it, send new registrations to
 * the provider now, and raise what trigger rules asked to say. */
static void
members_changed (TurnoutWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  reload_all (self);
  if (self->on24 != NULL)
    turnout_on24_service_push_now (self->on24);
  if (application != NULL)
    turnout_rule_notifier_deliver (G_APPLICATION (application), self->store);
}

static void
show_preferences_toast (TurnoutWindow *self,
                        const char    *message)
{
  AdwToast *toast = show_toast (self, message);

  adw_toast_set_button_label (toast, _("_Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutRefreshSummary) summary = NULL;

  self->refreshing = FALSE;
  summary = turnout_on24_service_refresh_finish (TURNOUT_ON24_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), FALSE);
  gtk_spinner_stop (self->refresh_spinner);
  update_actions (self);

  /* A summary arrives through "refreshed", which also covers the
   * automatic refreshes; here only what went wrong. */
  if (summary != NULL)
    return;

  if (g_error_matches (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_CREDENTIALS)
      || g_error_matches (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_CONFIGURED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not refresh from ON24: %s"), error->message);

      show_preferences_toast (self, message);
    }
  else if (g_error_matches (error, TURNOUT_ON24_ERROR, TURNOUT_ON24_ERROR_NOT_FOUND))
    {
      g_autofree char *message = g_strdup_printf (_("Could not refresh from ON24: %s"), error->message);
      AdwToast *toast = show_toast (self, message);

      adw_toast_set_button_label (toast, _("Event _Settings"));
      adw_toast_set_action_name (toast, "win.event-settings");
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not refresh from ON24: %s"), error->message);

      show_toast (self, message);
    }
}

static void
refresh_provider_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->on24 == NULL || self->refreshing || !program_is_linked (self))
    return;

  self->refreshing = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), TRUE);
  gtk_spinner_start (self->refresh_spinner);
  update_actions (self);
  turnout_on24_service_refresh_async (self->on24, self->program_id, self->cancellable,
                                      refresh_cb, g_object_ref (self));
}

/* F5 and Ctrl+R: ask the provider when the program has one, else read the
 * database again. */
static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->on24 != NULL && program_is_linked (self))
    {
      if (!self->refreshing)
        gtk_widget_activate_action (widget, "win.refresh-provider", NULL);
    }
  else
    reload_all (self);
}

static void
on_settings_closed (TurnoutWindow *self)
{
  /* The link to the event may have changed. */
  reload_all (self);
}

static void
event_settings_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutEventSettingsDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_event_settings_dialog_present (GTK_WINDOW (self), self->store, self->on24, self->program_id);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_settings_closed), self, G_CONNECT_SWAPPED);
}

static void
on_imported (TurnoutImportDialog *dialog,
             guint                added,
             guint                updated,
             guint                skipped,
             TurnoutWindow       *self)
{
  members_changed (self);
}

static void
import_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutImportDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_import_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
  g_signal_connect_object (dialog, "imported", G_CALLBACK (on_imported), self, 0);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  guint n_members = 0;

  file = turnout_export_dialog_run_finish (result, &n_members, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  name = g_file_get_basename (file);
  /* Translators: "120 members exported to Launch.csv" */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member exported to %s", "%u members exported to %s",
                                          n_members),
                             n_members, name);
  show_toast (self, message);
}

/* Which of the table's columns @column is; TURNOUT_MEMBER_N_COLUMNS for
 * none of them.
 */
static guint
column_index (TurnoutWindow       *self,
              GtkColumnViewColumn *column)
{
  guint which;

  for (which = 0; which < TURNOUT_MEMBER_N_COLUMNS && self->columns[which] != column; which++)
    ;
  return which;
}

/* The table's columns as the export's, in the order shown. */
static GArray *
visible_export_columns (TurnoutWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->members_view);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TurnoutExportColumn));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      TurnoutExportColumn add[2];
      guint n = 1;

      if (!gtk_column_view_column_get_visible (column))
        continue;
      switch (column_index (self, column))
        {
        case TURNOUT_MEMBER_COLUMN_NAME:
          add[0] = TURNOUT_EXPORT_FIRST_NAME;
          add[1] = TURNOUT_EXPORT_LAST_NAME;
          n = 2;
          break;
        case TURNOUT_MEMBER_COLUMN_EMAIL:
          add[0] = TURNOUT_EXPORT_EMAIL;
          break;
        case TURNOUT_MEMBER_COLUMN_COMPANY:
          add[0] = TURNOUT_EXPORT_COMPANY;
          break;
        case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
          add[0] = TURNOUT_EXPORT_JOB_TITLE;
          break;
        case TURNOUT_MEMBER_COLUMN_STATUS:
          add[0] = TURNOUT_EXPORT_STATUS;
          break;
        case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
          add[0] = TURNOUT_EXPORT_STATUS_REASON;
          break;
        case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
          add[0] = TURNOUT_EXPORT_MEMBER_DATE;
          break;
        case TURNOUT_MEMBER_COLUMN_STATUS_CHANGED:
          add[0] = TURNOUT_EXPORT_STATUS_CHANGED_AT;
          break;
        case TURNOUT_MEMBER_COLUMN_SUCCESS:
          add[0] = TURNOUT_EXPORT_SUCCESS_AT;
          break;
        case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
          add[0] = TURNOUT_EXPORT_LIVE_MINUTES;
          break;
        case TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES:
          add[0] = TURNOUT_EXPORT_ONDEMAND_MINUTES;
          break;
        case TURNOUT_MEMBER_COLUMN_PUSH:
          add[0] = TURNOUT_EXPORT_PUSH_STATE;
          break;
        case TURNOUT_MEMBER_COLUMN_ENGAGEMENT:
          add[0] = TURNOUT_EXPORT_ENGAGEMENT_SCORE;
          break;
        default:
          continue;
        }
      g_array_append_vals (out, add, n);
    }
  return out;
}

static const char *
view_status_key (TurnoutWindow *self)
{
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  int index = turnout_member_list_get_status_filter (self->members);

  if (table == NULL || index < 0)
    return NULL;
  return turnout_channel_get_status (turnout_member_table_get_channel (table), index)->key;
}

static void
export_members_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  const TurnoutProgram *program = find_program (self, self->program_id);
  g_autoptr(GArray) columns = NULL;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (program == NULL)
    return;
  columns = visible_export_columns (self);
  turnout_export_dialog_run (GTK_WINDOW (self), self->store, program->id, program->name,
                             view_status_key (self), *search ? search : NULL,
                             (const TurnoutExportColumn *) (gpointer) columns->data, columns->len,
                             self->cancellable, export_cb, g_object_ref (self));
}

static void
on_dialog_changed (GtkWidget     *dialog,
                   TurnoutWindow *self)
{
  members_changed (self);
}

static void
approve_pending_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutApproveDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_approve_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_dialog_changed), self, 0);
}

static void
wait_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutWaitlistDialog *dialog;

  if (self->program_id == 0)
    return;
  dialog = turnout_waitlist_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_dialog_changed), self, 0);
}

static void
batch_change_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutBatchDialog *dialog;
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  TurnoutMemberFilter view = {
    .status = view_status_key (self),
    .search = *search ? search : NULL,
    .success = -1,
    .acquired_by = NULL,
  };

  if (self->program_id == 0)
    return;
  dialog = turnout_batch_dialog_present (GTK_WINDOW (self), self->store, self->program_id, &view);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_dialog_changed), self, 0);
}

static void
trigger_rules_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id != 0)
    turnout_rules_dialog_present (GTK_WINDOW (self), self->store, self->program_id);
}

/* Retry Registration Errors: every Registration Error member of the
 * program back to Registered, so the provider is asked again. */

static gpointer
list_errors_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return turnout_db_list_person_ids_with_status (db, *(gint64 *) data, TURNOUT_STATUS_REGISTRATION_ERROR, error);
}

static void
retry_changed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TurnoutWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TurnoutChangeCount) count = NULL;
  g_autofree char *message = NULL;
  TurnoutChangeSummary summary;

  self->loading--;
  count = turnout_store_change_status_finish (TURNOUT_STORE (object), result, &error);
  bulk_finished (self);
  if (count == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, _("Change cancelled; nothing was changed"));
      else
        show_error (self, error);
      return;
    }

  summary = count->summary;
  if (summary.changed == 0)
    message = g_strdup (_("No registration errors were retried"));
  else if (self->on24 != NULL && program_is_linked (self))
    /* Translators: Registered is a status; the provider is ON24 */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u member set back to Registered and sent to ON24 again",
                                            "%u members set back to Registered and sent to ON24 again",
                                            summary.changed),
                               summary.changed);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u member set back to Registered",
                                            "%u members set back to Registered", summary.changed),
                               summary.changed);
  show_toast (self, message);
  members_changed (self);
}

static void
list_errors_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ProgramCall *call = user_data;
  g_autoptr(TurnoutWindow) self = call->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  gint64 program_id = call->program_id;

  g_free (call);
  self->loading--;
  ids = turnout_store_run_finish (TURNOUT_STORE (object), result, &error);
  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (ids->len == 0 || program_id != self->program_id)
    {
      show_toast (self, _("No members have a registration error"));
      return;
    }
  /* Another bulk change started meanwhile: one at a time. */
  if (self->bulk_cancellable != NULL)
    return;

  self->loading++;
  bulk_started (self, ids->len);
  turnout_store_change_status_async (self->store, self->program_id, TURNOUT_STATUS_REGISTERED, ids, NULL,
                                     TURNOUT_SOURCE_BULK, &self->bulk_progress, self->bulk_cancellable,
                                     retry_changed_cb, g_object_ref (self));
}

static void
retry_errors_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id == 0 || self->bulk_cancellable != NULL)
    return;
  self->loading++;
  turnout_store_run_async (self->store, list_errors_job, g_memdup2 (&self->program_id, sizeof (gint64)), g_free,
                           (GDestroyNotify) g_array_unref, self->cancellable, list_errors_cb, program_call_new (self));
}

/* What the provider service reports */

static gboolean
push_reload_timeout (gpointer user_data)
{
  TurnoutWindow *self = user_data;

  self->push_reload_id = 0;
  load_members (self);
  if (self->details_person_id != 0)
    update_details (self);
  return G_SOURCE_REMOVE;
}

static void
on_push_outcome (TurnoutOn24Service *service,
                 TurnoutPushOutcome *outcome,
                 TurnoutWindow      *self)
{
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
  const TurnoutProgram *program = find_program (self, program_id);
  g_autofree char *message = NULL;

  if (program == NULL)
    return;
  if (program_id == self->program_id)
    message = g_strdup_printf (_("Refreshed from ON24: %s"), text);
  else
    /* Translators: "“Product Launch” refreshed from ON24: 3 Attended, 2 No Show" */
    message = g_strdup_printf (_("“%s” refreshed from ON24: %s"), program->name, text);
  show_toast (self, message);
  members_changed (self);
}

static void
on_problem (TurnoutOn24Service *service,
            const char         *message,
            TurnoutWindow      *self)
{
  show_preferences_toast (self, message);
}

/* Other actions */

static void
show_programs_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  if (self->program_id == 0)
    return;
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);

  /* All of them, also those not shown yet. */
  turnout_member_list_show_all (self->members);
  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  reload_all (TURNOUT_WINDOW (widget));
}

static void
show_status_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TurnoutWindow *self = TURNOUT_WINDOW (widget);
  TurnoutMemberTable *table = turnout_member_list_get_table (self->members);
  const char *key = g_variant_get_string (parameter, NULL);
  int index = -1;

  if (table != NULL && *key != '\0')
    index = turnout_channel_index_of (turnout_member_table_get_channel (table), key);

  for (guint i = 0; i < self->n_filter_status; i++)
    if (self->filter_status[i] == index)
      gtk_drop_down_set_selected (self->status_filter, i);
}

static void
update_actions (TurnoutWindow *self)
{
  gboolean has_program = self->program_id != 0 && find_program (self, self->program_id) != NULL;
  gboolean has_table = turnout_member_list_get_table (self->members) != NULL;
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  gboolean has_selection = has_table && !gtk_bitset_is_empty (set);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-program", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh-provider",
                                 has_program && self->on24 != NULL && program_is_linked (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.event-settings", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-members", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-members", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.approve-pending",
                                 has_program && count_members_with (self, TURNOUT_STATUS_PENDING_APPROVAL) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.retry-registration-errors",
                                 has_program && self->bulk_cancellable == NULL &&
                                 count_members_with (self, TURNOUT_STATUS_REGISTRATION_ERROR) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.wait-list", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.batch-change", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.trigger-rules", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-program", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-member", has_program && has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_program);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-all", has_table);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.change-status",
                                 has_selection && self->bulk_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-members",
                                 has_selection && self->bulk_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-bulk", self->bulk_cancellable != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-person", self->details_person_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_status_button),
                            has_selection && self->bulk_cancellable == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->event_menu_button), has_program);
  gtk_widget_set_visible (self->details_button, has_program);
}

/* The members table */

/* The cell's full text, which is often longer than the column. Asked for
 * only when a tooltip is about to show: setting a tooltip on every cell as
 * the rows change costs GTK 4.8 a round trip to the X server per cell.
 */
static gboolean
on_cell_query_tooltip (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = turnout_cell_text_get_text (TURNOUT_CELL_TEXT (label));

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  TurnoutMemberColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = turnout_cell_text_new (column_info[column].numeric);

  if (column == TURNOUT_MEMBER_COLUMN_STATUS_REASON || column == TURNOUT_MEMBER_COLUMN_EMAIL
      || column == TURNOUT_MEMBER_COLUMN_NAME)
    {
      gtk_widget_set_has_tooltip (label, TRUE);
      g_signal_connect (label, "query-tooltip", G_CALLBACK (on_cell_query_tooltip), NULL);
    }
  gtk_list_item_set_child (item, label);
}

static char *
cell_text (TurnoutMemberRow    *row,
           TurnoutMemberColumn  column)
{
  TurnoutMemberTable *table = turnout_member_row_get_table (row);
  guint index = turnout_member_row_get_index (row);
  double score;
  int minutes;

  switch (column)
    {
    case TURNOUT_MEMBER_COLUMN_NAME:
      return turnout_member_row_dup_name (row);
    case TURNOUT_MEMBER_COLUMN_EMAIL:
      return g_strdup (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_EMAIL));
    case TURNOUT_MEMBER_COLUMN_COMPANY:
      return g_strdup (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_COMPANY));
    case TURNOUT_MEMBER_COLUMN_JOB_TITLE:
      return g_strdup (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_JOB_TITLE));
    case TURNOUT_MEMBER_COLUMN_STATUS:
      return g_strdup (turnout_status_get_display_name (
        turnout_channel_get_status (turnout_member_table_get_channel (table),
                                    turnout_member_table_get_status (table, index))));
    case TURNOUT_MEMBER_COLUMN_STATUS_REASON:
      return g_strdup (turnout_member_row_get_text (row, TURNOUT_MEMBER_TEXT_STATUS_REASON));
    case TURNOUT_MEMBER_COLUMN_MEMBER_DATE:
      return turnout_format_time (turnout_member_table_get_member_date (table, index));
    case TURNOUT_MEMBER_COLUMN_STATUS_CHANGED:
      return turnout_format_time (turnout_member_table_get_status_changed (table, index));
    case TURNOUT_MEMBER_COLUMN_SUCCESS:
      return turnout_format_time (turnout_member_table_get_success_at (table, index));
    case TURNOUT_MEMBER_COLUMN_LIVE_MINUTES:
      minutes = turnout_member_table_get_live_minutes (table, index);
      return minutes < 0 ? g_strdup ("") : g_strdup_printf ("%d", minutes);
    case TURNOUT_MEMBER_COLUMN_ONDEMAND_MINUTES:
      minutes = turnout_member_table_get_ondemand_minutes (table, index);
      return minutes < 0 ? g_strdup ("") : g_strdup_printf ("%d", minutes);
    case TURNOUT_MEMBER_COLUMN_PUSH:
      return g_strdup (turnout_push_state_get_display_name (turnout_member_table_get_push_state (table, index)));
    case TURNOUT_MEMBER_COLUMN_ENGAGEMENT:
      score = turnout_member_table_get_engagement_score (table, index);
      return score < 0 ? g_strdup ("") : g_strdup_printf ("%.1f", score);
    case TURNOUT_MEMBER_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* A cell's colour: "error", "success" or NULL. Classes are changed only
 * when the tone does, as each change restyles the cell.
 */
static void
set_cell_tone (GtkWidget  *label,
               const char *tone)
{
  static const char *tones[] = { "error", "success" };

  for (guint i = 0; i < G_N_ELEMENTS (tones); i++)
    {
      gboolean want = g_strcmp0 (tone, tones[i]) == 0;

      if (want != gtk_widget_has_css_class (label, tones[i]))
        {
          if (want)
            gtk_widget_add_css_class (label, tones[i]);
          else
            gtk_widget_remove_css_class (label, tones[i]);
        }
    }
}

static void
update_cell (GtkWidget           *label,
             TurnoutMemberRow    *row,
             TurnoutMemberColumn  column)
{
  g_autofree char *text = NULL;

  /* A blank position on its way out shows nobody. */
  if (!turnout_member_row_is_member (row))
    {
      turnout_cell_text_set_text (TURNOUT_CELL_TEXT (label), NULL);
      set_cell_tone (label, NULL);
      return;
    }

  text = cell_text (row, column);
  turnout_cell_text_set_text (TURNOUT_CELL_TEXT (label), text);

  if (column == TURNOUT_MEMBER_COLUMN_STATUS)
    {
      const char *key = turnout_member_row_get_status_key (row);
      const char *tone = NULL;

      if (g_str_equal (key, TURNOUT_STATUS_REGISTRATION_ERROR))
        tone = "error";
      else if (g_str_equal (key, TURNOUT_STATUS_ATTENDED) || g_str_equal (key, TURNOUT_STATUS_ATTENDED_ON_DEMAND))
        tone = "success";
      set_cell_tone (label, tone);
    }
  else if (column == TURNOUT_MEMBER_COLUMN_PUSH)
    {
      TurnoutPushState state = turnout_member_table_get_push_state (turnout_member_row_get_table (row),
                                                                    turnout_member_row_get_index (row));

      set_cell_tone (label, state == TURNOUT_PUSH_FAILED ? "error" : NULL);
    }
}

static void
on_row_changed (TurnoutMemberRow *row,
                GtkListItem      *item)
{
  update_cell (gtk_list_item_get_child (item), row,
               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "column")));
}

/* An item is its position's, and shows whichever member is there now. */
static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  TurnoutMemberRow *row = gtk_list_item_get_item (item);

  g_object_set_data (G_OBJECT (item), "column", user_data);
  update_cell (gtk_list_item_get_child (item), row, GPOINTER_TO_INT (user_data));
  g_signal_connect_object (row, "changed", G_CALLBACK (on_row_changed), item, 0);
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TurnoutMemberRow *row = gtk_list_item_get_item (item);

  if (row != NULL)
    g_signal_handlers_disconnect_by_func (row, on_row_changed, item);
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ColumnProbe *probe = user_data;

  probe->self->probed_column = probe->column;
  return GTK_ORDERING_SMALLER;
}

/* GTK 4.8 cannot tell which column the user sorted by, so ask the column
 * view's sorter to compare two items: it consults the primary column's
 * sorter first, which records itself, and inverts the answer when the
 * order is descending. The model then sorts by its precomputed order.
 */
static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   TurnoutWindow   *self)
{
  GtkOrdering ordering;

  scroll_to_top (self);
  self->probed_column = -1;
  ordering = gtk_sorter_compare (sorter, self, self->members);
  if (self->probed_column < 0)
    turnout_member_list_set_sort (self->members, TURNOUT_MEMBER_COLUMN_NAME, FALSE);
  else
    turnout_member_list_set_sort (self->members, self->probed_column, ordering == GTK_ORDERING_LARGER);
}

/* A hidden column is taken out of the view, not only hidden: GTK 4.8
 * makes a cell for every column in the view, shown or not, in each of the
 * 200 or so rows it keeps, and a cell is most of what a new row costs.
 * Shown again, it goes back after the column it followed.
 */
static void
place_column (TurnoutWindow       *self,
              GtkColumnViewColumn *column)
{
  GListModel *columns = gtk_column_view_get_columns (self->members_view);
  gboolean in_view = gtk_column_view_column_get_column_view (column) != NULL;
  guint position = 0;

  if (gtk_column_view_column_get_visible (column) == in_view)
    return;
  if (in_view)
    {
      gtk_column_view_remove_column (self->members_view, column);
      return;
    }

  for (int before = (int) column_index (self, column) - 1; before >= 0 && position == 0; before--)
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
      {
        g_autoptr(GtkColumnViewColumn) shown = g_list_model_get_item (columns, i);

        if (shown == self->columns[before])
          {
            position = i + 1;
            break;
          }
      }
  gtk_column_view_insert_column (self->members_view, position, column);
}

/* A column shown or hidden: kept for the next start. */
static void
on_column_visible (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   TurnoutWindow       *self)
{
  g_autoptr(GStrvBuilder) hidden = g_strv_builder_new ();
  g_auto(GStrv) keys = NULL;

  place_column (self, column);
  if (self->settings == NULL)
    return;

  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    if (!gtk_column_view_column_get_visible (self->columns[i]))
      g_strv_builder_add (hidden, column_info[i].key);
  keys = g_strv_builder_end (hidden);
  g_settings_set_strv (self->settings, "hidden-columns", (const char *const *) keys);
}

static void
setup_columns (TurnoutWindow *self)
{
  g_auto(GStrv) hidden = NULL;

  if (self->settings != NULL)
    hidden = g_settings_get_strv (self->settings, "hidden-columns");

  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = NULL;
      GtkColumnViewColumn *column;
      GtkWidget *check;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(column_info[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_info[i].width);
      gtk_column_view_column_set_expand (column, column_info[i].expand);
      gtk_column_view_column_set_visible (column, hidden ? !g_strv_contains ((const char *const *) hidden,
                                                                             column_info[i].key)
                                                         : column_info[i].visible);
      self->probes[i].self = self;
      self->probes[i].column = i;
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, &self->probes[i], NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      if (gtk_column_view_column_get_visible (column))
        gtk_column_view_append_column (self->members_view, column);
      self->columns[i] = column;

      check = gtk_check_button_new_with_label (_(column_info[i].title));
      g_object_bind_property (column, "visible", check, "active", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
      gtk_box_append (self->columns_box, check);
    }
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    g_signal_connect_object (self->columns[i], "notify::visible", G_CALLBACK (on_column_visible), self, 0);

  g_signal_connect (gtk_column_view_get_sorter (self->members_view), "changed",
                    G_CALLBACK (on_sorter_changed), self);
  gtk_column_view_sort_by_column (self->members_view, self->columns[TURNOUT_MEMBER_COLUMN_NAME],
                                  GTK_SORT_ASCENDING);
}

/* Tells the model which positions are on screen, so that a search, a
 * filter or a sort updates those rows before the next frame and the rest
 * of the rows GTK keeps alive after it. Rows are all the same height.
 */
static void
update_view_range (TurnoutWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->members_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->members));
  double upper = adjustment ? gtk_adjustment_get_upper (adjustment) : 0;
  double row_height;

  /* Rows that all fit say nothing of how many would: all on screen. */
  if (n == 0 || upper <= 0 || upper <= gtk_adjustment_get_page_size (adjustment))
    {
      turnout_member_list_set_view_range (self->members, 0, G_MAXUINT);
      return;
    }

  row_height = upper / n;
  turnout_member_list_set_view_range (self->members,
                                      (guint) (gtk_adjustment_get_value (adjustment) / row_height),
                                      (guint) (gtk_adjustment_get_page_size (adjustment) / row_height) + 2);
}

static void
on_vadjustment_notify (GObject       *view,
                       GParamSpec    *pspec,
                       TurnoutWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->members_view));

  /* Followed once, whichever adjustment the view has now. */
  if (adjustment != self->view_adjustment)
    {
      if (self->view_adjustment != NULL)
        g_signal_handlers_disconnect_by_func (self->view_adjustment, update_view_range, self);
      g_set_object (&self->view_adjustment, adjustment);
      if (adjustment != NULL)
        {
          g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (update_view_range), self);
          g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (update_view_range), self);
        }
    }
  update_view_range (self);
}

static gboolean
update_stale_rows (gpointer data)
{
  TurnoutWindow *self = data;

  self->stale_rows_id = 0;
  turnout_member_list_update_stale (self->members);
  return G_SOURCE_REMOVE;
}

/* The rows on screen are painted: now the others GTK keeps alive. */
static void
on_after_paint (GdkFrameClock *clock,
                TurnoutWindow *self)
{
  if (self->stale_rows_id == 0 && turnout_member_list_has_stale (self->members))
    self->stale_rows_id = g_idle_add (update_stale_rows, self);
}

static void
on_realize (GtkWidget     *widget,
            TurnoutWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (on_after_paint),
                           self, 0);
}

/* A new search, filter or sort shows its first rows. */
static void
scroll_to_top (TurnoutWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->members_view));

  if (adjustment != NULL)
    gtk_adjustment_set_value (adjustment, 0);
}

static void
on_search_changed (GtkSearchEntry *entry,
                   TurnoutWindow  *self)
{
  scroll_to_top (self);
  turnout_member_list_set_search (self->members, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_search_stop (GtkSearchEntry *entry,
                TurnoutWindow  *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->members_view));
}

static void
on_filter_selected (GtkDropDown   *dropdown,
                    GParamSpec    *pspec,
                    TurnoutWindow *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_filter || selected >= self->n_filter_status)
    return;
  scroll_to_top (self);
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
  g_clear_handle_id (&self->stale_rows_id, g_source_remove);
  if (self->view_adjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->view_adjustment, update_view_range, self);
  g_clear_object (&self->view_adjustment);
  if (self->on24 != NULL)
    g_signal_handlers_disconnect_by_data (self->on24, self);
  g_clear_object (&self->on24);
  if (self->members_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->members_view),
                                          on_sorter_changed, self);
  if (self->selection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->selection, self);
      g_signal_handlers_disconnect_by_data (self->members, self);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), TURNOUT_TYPE_WINDOW);
  g_clear_object (&self->selection);
  for (guint i = 0; i < TURNOUT_MEMBER_N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);

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
  g_clear_pointer (&self->selected_table, turnout_member_table_unref);
  g_clear_pointer (&self->selected_rows, g_free);
  g_clear_pointer (&self->menu_channel, g_free);
  g_clear_pointer (&self->last_toast, g_free);

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

  g_type_ensure (TURNOUT_TYPE_FUNNEL);
  g_type_ensure (TURNOUT_TYPE_MEMBER_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/turnoutapp/Turnout/ui/turnout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, program_list);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, flap);
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
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, members_view);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, side_stack);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, funnel);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, program_info);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, details);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, sidebar_spinner);
  gtk_widget_class_bind_template_child (widget_class, TurnoutWindow, content_spinner);

  gtk_widget_class_install_action (widget_class, "win.new-program", NULL, new_program_action);
  gtk_widget_class_install_action (widget_class, "win.rename-program", NULL, rename_program_action);
  gtk_widget_class_install_action (widget_class, "win.delete-program", NULL, delete_program_action);
  gtk_widget_class_install_action (widget_class, "win.restore-program", "x", restore_program_action);
  gtk_widget_class_install_action (widget_class, "win.show-programs", NULL, show_programs_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.change-status", "s", change_status_action);
  gtk_widget_class_install_action (widget_class, "win.remove-members", NULL, remove_members_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-bulk", NULL, cancel_bulk_action);
  gtk_widget_class_install_action (widget_class, "win.show-status", "s", show_status_action);
  gtk_widget_class_install_action (widget_class, "win.add-member", NULL, add_member_action);
  gtk_widget_class_install_action (widget_class, "win.edit-person", NULL, edit_person_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.refresh-provider", NULL, refresh_provider_action);
  gtk_widget_class_install_action (widget_class, "win.event-settings", NULL, event_settings_action);
  gtk_widget_class_install_action (widget_class, "win.import-members", NULL, import_members_action);
  gtk_widget_class_install_action (widget_class, "win.export-members", NULL, export_members_action);
  gtk_widget_class_install_action (widget_class, "win.approve-pending", NULL, approve_pending_action);
  gtk_widget_class_install_action (widget_class, "win.retry-registration-errors", NULL, retry_errors_action);
  gtk_widget_class_install_action (widget_class, "win.wait-list", NULL, wait_list_action);
  gtk_widget_class_install_action (widget_class, "win.batch-change", NULL, batch_change_action);
  gtk_widget_class_install_action (widget_class, "win.trigger-rules", NULL, trigger_rules_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-program", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove-members", NULL);
}

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Running from a build tree without compiled schemas must not abort. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed; window state is not kept", APPLICATION_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

/* A spinning spinner animates its style on every frame, and GTK 4.8
 * then restyles every widget after it, shown or not: the whole members
 * table, sixty times a second. The loading pages' spinners therefore spin
 * only while their page is on screen.
 */
static void
spin_while_mapped (GtkSpinner *spinner)
{
  g_signal_connect (spinner, "map", G_CALLBACK (gtk_spinner_start), NULL);
  g_signal_connect (spinner, "unmap", G_CALLBACK (gtk_spinner_stop), NULL);
}

static void
turnout_window_init (TurnoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  spin_while_mapped (self->sidebar_spinner);
  spin_while_mapped (self->content_spinner);
  self->cancellable = g_cancellable_new ();
  self->settings = create_settings ();

  self->members = turnout_member_list_new ();
  self->selection = turnout_member_selection_new (self->members);
  gtk_column_view_set_model (self->members_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->members, "rows-changing", G_CALLBACK (on_rows_changing), self);
  g_signal_connect (self->members, "rows-changed", G_CALLBACK (on_rows_changed), self);
  g_signal_connect_object (self->members_view, "notify::vadjustment", G_CALLBACK (on_vadjustment_notify), self, 0);
  on_vadjustment_notify (G_OBJECT (self->members_view), NULL, self);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), self);
  self->selected_rows = g_new0 (guint64, 1);
  setup_columns (self);

  self->filter_labels = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (self->filter_labels));
  {
    g_autoptr(GtkListItemFactory) button_factory = filter_factory (TRUE);
    g_autoptr(GtkListItemFactory) list_factory = filter_factory (FALSE);

    gtk_drop_down_set_factory (self->status_filter, button_factory);
    gtk_drop_down_set_list_factory (self->status_filter, list_factory);
  }
  g_signal_connect (self->status_filter, "notify::selected", G_CALLBACK (on_filter_selected), self);

  gtk_search_entry_set_search_delay (self->search_entry, 0);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_search_stop), self);
  g_signal_connect (self->funnel, "status-activated", G_CALLBACK (on_funnel_status), self);
  g_signal_connect (self->program_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->program_list, "row-activated", G_CALLBACK (on_row_activated), self);

  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }

  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  update_actions (self);
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
      gtk_stack_set_visible_child_name (self->sidebar_stack, "programs");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-program", FALSE);
      return;
    }

  if (moved_aside != NULL && *moved_aside != '\0')
    {
      g_autofree char *message = g_strdup_printf (_("The database was damaged. It was kept as %s and a new one was started."),
                                                  moved_aside);
      AdwToast *toast = show_toast (self, message);

      adw_toast_set_timeout (toast, 0);
    }

  reload_programs (self);
}

TurnoutWindow *
turnout_window_new (TurnoutApplication *application,
                    TurnoutStore       *store)
{
  TurnoutWindow *self;

  g_return_val_if_fail (TURNOUT_IS_STORE (store), NULL);

  self = g_object_new (TURNOUT_TYPE_WINDOW, "application", application, NULL);
  self->store = g_object_ref (store);
  if (application != NULL)
    turnout_window_set_on24_service (self, turnout_application_get_on24_service (application));
  self->loading++;
  turnout_store_open_async (store, self->cancellable, open_cb, g_object_ref (self));

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
  GtkListBoxRow *row;

  g_return_if_fail (TURNOUT_IS_WINDOW (self));

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->program_list, i)) != NULL; i++)
    if (row_program_id (row) == program_id)
      {
        gtk_list_box_select_row (self->program_list, row);
        return;
      }
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
  return self->columns[column];
}

/* For tests: the members table's model (the selection over it). */
GtkSelectionModel *
turnout_window_get_members (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

/* For tests: the title of the last toast shown. */
const char *
turnout_window_get_last_toast (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return self->last_toast;
}

TurnoutStore *
turnout_window_get_store (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return self->store;
}

/* Reads the programs and the selected program's members again, keeping
 * the selection: call it after changing the database from elsewhere.
 */
void
turnout_window_reload (TurnoutWindow *self)
{
  g_return_if_fail (TURNOUT_IS_WINDOW (self));
  reload_all (self);
}

void
turnout_window_add_toast (TurnoutWindow *self,
                          AdwToast      *toast)
{
  g_return_if_fail (TURNOUT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The person ids of the selected members, in table order. */
GArray *
turnout_window_dup_selected_person_ids (TurnoutWindow *self)
{
  g_return_val_if_fail (TURNOUT_IS_WINDOW (self), NULL);
  return selected_person_ids (self);
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
      g_signal_connect (service, "problem", G_CALLBACK (on_problem), self);
    }
  update_actions (self);
}
