/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-store-members.c: programs and their members, as store jobs.
 *
 * The main window's reads and writes: the programs it lists, creates,
 * renames and deletes (and brings back), the member table it shows, one
 * member's details, a person added or edited by hand, and who has a given
 * status. Each job calls turnout-db.c or turnout-member-table.c on the
 * store's thread; the window only starts them and reads their results.
 */
#define G_LOG_DOMAIN "turnout-store"

#include "config.h"

#include "turnout-store-members.h"

typedef struct
{
  gint64         program_id;
  gint64         person_id;
  int            sort_column;
  gboolean       flag;
  char          *text;
  TurnoutPerson  person;
} Request;

static Request *
request_new (gint64 program_id)
{
  Request *request = g_new0 (Request, 1);

  request->program_id = program_id;
  return request;
}

static void
request_free (Request *request)
{
  g_free (request->text);
  turnout_person_clear (&request->person);
  g_free (request);
}

/* A program id, or TRUE, as a pointer result that is never NULL. */
static gpointer
id_result (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

static gint64
finish_id (TurnoutStore  *self,
           GAsyncResult  *result,
           GError       **error)
{
  g_autofree gint64 *id = turnout_store_run_finish (self, result, error);

  return id ? *id : 0;
}

/* Programs */

static gpointer
add_program_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Request *request = data;
  TurnoutProgramSpec spec = { .name = request->text, .capacity = -1 };
  gint64 id = turnout_db_add_program (db, &spec, error);

  return id ? id_result (id) : NULL;
}

void
turnout_store_add_program_async (TurnoutStore        *self,
                                 const char          *name,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (name != NULL);

  request = request_new (0);
  request->text = g_strdup (name);
  turnout_store_run_async (self, add_program_job, request, (GDestroyNotify) request_free, g_free,
                           cancellable, callback, user_data);
}

/* Returns the new program's id, or 0 with @error set. */
gint64
turnout_store_add_program_finish (TurnoutStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_id (self, result, error);
}

static gpointer
rename_program_job (TurnoutDb     *db,
                    gpointer       data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  Request *request = data;

  if (!turnout_db_rename_program (db, request->program_id, request->text, error))
    return NULL;
  return id_result (request->program_id);
}

void
turnout_store_rename_program_async (TurnoutStore        *self,
                                    gint64               program_id,
                                    const char          *name,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (name != NULL);

  request = request_new (program_id);
  request->text = g_strdup (name);
  turnout_store_run_async (self, rename_program_job, request, (GDestroyNotify) request_free, g_free,
                           cancellable, callback, user_data);
}

gboolean
turnout_store_rename_program_finish (TurnoutStore  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_id (self, result, error) != 0;
}

static gpointer
set_deleted_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Request *request = data;

  if (!turnout_db_set_program_deleted (db, request->program_id, request->flag, error))
    return NULL;
  return id_result (request->program_id);
}

void
turnout_store_set_program_deleted_async (TurnoutStore        *self,
                                         gint64               program_id,
                                         gboolean             deleted,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  request = request_new (program_id);
  request->flag = deleted;
  turnout_store_run_async (self, set_deleted_job, request, (GDestroyNotify) request_free, g_free,
                           cancellable, callback, user_data);
}

gboolean
turnout_store_set_program_deleted_finish (TurnoutStore  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return finish_id (self, result, error) != 0;
}

/* Members */

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
  Request *request = data;
  TurnoutMemberTable *table = turnout_member_table_load (db, request->program_id, cancellable, error);

  if (table != NULL && request->sort_column >= 0)
    turnout_member_table_get_order (table, request->sort_column);
  return table;
}

void
turnout_store_load_members_async (TurnoutStore        *self,
                                  gint64               program_id,
                                  int                  sort_column,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  request = request_new (program_id);
  request->sort_column = sort_column;
  turnout_store_run_async (self, load_members_job, request, (GDestroyNotify) request_free,
                           (GDestroyNotify) turnout_member_table_unref, cancellable, callback, user_data);
}

TurnoutMemberTable *
turnout_store_load_members_finish (TurnoutStore  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

typedef struct
{
  TurnoutMember *member;
  GPtrArray     *history;
} MemberResult;

static void
member_result_free (MemberResult *member)
{
  g_clear_pointer (&member->member, turnout_member_free);
  g_clear_pointer (&member->history, g_ptr_array_unref);
  g_free (member);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemberResult, member_result_free)

static gpointer
get_member_job (TurnoutDb     *db,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Request *request = data;
  g_autoptr(MemberResult) member = g_new0 (MemberResult, 1);

  member->member = turnout_db_get_member (db, request->program_id, request->person_id, error);
  if (member->member == NULL)
    return NULL;
  member->member->questions = turnout_db_get_member_questions (db, request->program_id, request->person_id, error);
  if (member->member->questions == NULL)
    return NULL;
  if (request->flag)
    {
      member->history = turnout_db_get_history (db, request->program_id, request->person_id, error);
      if (member->history == NULL)
        return NULL;
    }
  return g_steal_pointer (&member);
}

void
turnout_store_get_member_async (TurnoutStore        *self,
                                gint64               program_id,
                                gint64               person_id,
                                gboolean             with_history,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  request = request_new (program_id);
  request->person_id = person_id;
  request->flag = with_history;
  turnout_store_run_async (self, get_member_job, request, (GDestroyNotify) request_free,
                           (GDestroyNotify) member_result_free, cancellable, callback, user_data);
}

/* @history (nullable): set to the status history when it was asked for. */
TurnoutMember *
turnout_store_get_member_finish (TurnoutStore  *self,
                                 GAsyncResult  *result,
                                 GPtrArray    **history,
                                 GError       **error)
{
  g_autoptr(MemberResult) member = turnout_store_run_finish (self, result, error);

  if (history != NULL)
    *history = member ? g_steal_pointer (&member->history) : NULL;
  return member ? g_steal_pointer (&member->member) : NULL;
}

static gpointer
save_person_job (TurnoutDb     *db,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  Request *request = data;
  const TurnoutPerson *person = &request->person;
  TurnoutPersonSpec spec = {
    .email = person->email,
    .first_name = person->first_name,
    .last_name = person->last_name,
    .company = person->company,
    .job_title = person->job_title,
  };

  if (person->id == 0)
    return turnout_db_add_member (db, request->program_id, &spec, NULL, TURNOUT_SOURCE_MANUAL, error);

  if (!turnout_db_update_person (db, person, error))
    return NULL;
  return turnout_change_result_copy (&(TurnoutChangeResult) { .person_id = person->id,
                                                              .outcome = TURNOUT_MOVE_SKIPPED });
}

void
turnout_store_save_person_async (TurnoutStore        *self,
                                 gint64               program_id,
                                 const TurnoutPerson *person,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (person != NULL);

  request = request_new (program_id);
  turnout_person_copy_into (&request->person, person);
  turnout_store_run_async (self, save_person_job, request, (GDestroyNotify) request_free,
                           (GDestroyNotify) turnout_change_result_free, cancellable, callback, user_data);
}

/* The person saved: outcome TURNOUT_MOVE_CHANGED for a new member,
 * anything else for one already in the program or an edit. */
TurnoutChangeResult *
turnout_store_save_person_finish (TurnoutStore  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
list_with_status_job (TurnoutDb     *db,
                      gpointer       data,
                      GCancellable  *cancellable,
                      GError       **error)
{
  Request *request = data;

  return turnout_db_list_person_ids_with_status (db, request->program_id, request->text, error);
}

void
turnout_store_list_members_with_status_async (TurnoutStore        *self,
                                              gint64               program_id,
                                              const char          *status_key,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));
  g_return_if_fail (status_key != NULL);

  request = request_new (program_id);
  request->text = g_strdup (status_key);
  turnout_store_run_async (self, list_with_status_job, request, (GDestroyNotify) request_free,
                           (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
turnout_store_list_members_with_status_finish (TurnoutStore  *self,
                                               GAsyncResult  *result,
                                               GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

/* Forget Person */

static gpointer
list_person_on24_events_job (TurnoutDb     *db,
                             gpointer       data,
                             GCancellable  *cancellable,
                             GError       **error)
{
  Request *request = data;

  return turnout_db_list_person_on24_events (db, request->person_id, error);
}

void
turnout_store_list_person_on24_events_async (TurnoutStore        *self,
                                             gint64               person_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  request = request_new (0);
  request->person_id = person_id;
  turnout_store_run_async (self, list_person_on24_events_job, request, (GDestroyNotify) request_free,
                           (GDestroyNotify) g_array_unref, cancellable, callback, user_data);
}

GArray *
turnout_store_list_person_on24_events_finish (TurnoutStore  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}

static gpointer
forget_person_job (TurnoutDb     *db,
                   gpointer       data,
                   GCancellable  *cancellable,
                   GError       **error)
{
  Request *request = data;
  g_autofree TurnoutForgetReport *report = g_new0 (TurnoutForgetReport, 1);

  if (!turnout_db_forget_person (db, request->person_id, request->text, request->flag, report, error))
    return NULL;
  return g_steal_pointer (&report);
}

void
turnout_store_forget_person_async (TurnoutStore        *self,
                                   gint64               person_id,
                                   const char          *by,
                                   gboolean             on24,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Request *request;

  g_return_if_fail (TURNOUT_IS_STORE (self));

  request = request_new (0);
  request->person_id = person_id;
  request->text = g_strdup (by);
  request->flag = on24;
  turnout_store_run_async (self, forget_person_job, request, (GDestroyNotify) request_free, g_free,
                           cancellable, callback, user_data);
}

TurnoutForgetReport *
turnout_store_forget_person_finish (TurnoutStore  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return turnout_store_run_finish (self, result, error);
}
