/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-team-credentials.h: a team database's password, in the keyring.
 *
 * The password of a team database (a postgresql:// URI) lives only in the
 * Secret Service, found by the URI it was entered for: never in the
 * settings, the URI itself, logs or messages. All calls are libsecret's
 * own asynchronous ones, so the window never waits on D-Bus.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

const SecretSchema *turnout_team_secret_schema              (void);

/* Finishes with the password kept for @uri, or NULL (and no error) when
 * none is. */
void                turnout_team_credentials_lookup_async   (const char           *uri,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
char               *turnout_team_credentials_lookup_finish  (GAsyncResult         *result,
                                                             GError              **error);
/* Keeps @password for @uri; NULL or "" removes what was kept. */
void                turnout_team_credentials_store_async    (const char           *uri,
                                                             const char           *password,
                                                             GCancellable         *cancellable,
                                                             GAsyncReadyCallback   callback,
                                                             gpointer              user_data);
gboolean            turnout_team_credentials_store_finish   (GAsyncResult         *result,
                                                             GError              **error);

G_END_DECLS
