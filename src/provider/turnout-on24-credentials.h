/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-on24-credentials.h: the ON24 access tokens, kept in the keyring.
 *
 * The access token key and secret live only in the Secret Service (the
 * Secret portal inside the Flatpak), never in the database, the settings,
 * logs or messages. They are kept under the scheme, host and port of the
 * account's base URL and its client id (@base_url NULL or "": the default
 * address), so they only ever go where they were entered for. For
 * automation, TURNOUT_ON24_ACCESS_TOKEN_KEY and
 * TURNOUT_ON24_ACCESS_TOKEN_SECRET in the environment take precedence.
 * Also the account's settings keys and its region (ON24's data center),
 * which the Preferences and turnout-cli both read.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define TURNOUT_ON24_ENV_ACCESS_TOKEN_KEY    "TURNOUT_ON24_ACCESS_TOKEN_KEY"
#define TURNOUT_ON24_ENV_ACCESS_TOKEN_SECRET "TURNOUT_ON24_ACCESS_TOKEN_SECRET"

/* Settings keys (not secrets) of the ON24 account, in the settings table. */
#define TURNOUT_ON24_SETTING_BASE_URL  "on24.base_url"
#define TURNOUT_ON24_SETTING_CLIENT_ID "on24.client_id"

/* ON24's data centers. The region is never stored: it is read from the
 * base URL (an address that is neither is "custom", e.g. the simulator),
 * and choosing one writes its base URL. The tokens stay bound to the
 * address, so another region means other tokens. */
typedef enum
{
  TURNOUT_ON24_REGION_NA,
  TURNOUT_ON24_REGION_EU,
  TURNOUT_ON24_REGION_CUSTOM,
} TurnoutOn24Region;

#define TURNOUT_ON24_EU_BASE_URL "https://api.eu.on24.com/v2"

/* @base_url NULL or "": ON24's default, North America. */
TurnoutOn24Region turnout_on24_region_for_url   (const char         *base_url);
/* NULL for TURNOUT_ON24_REGION_CUSTOM. */
const char       *turnout_on24_region_base_url  (TurnoutOn24Region   region);
/* "na", "eu" or "custom", as the command line and JSON spell it. */
const char       *turnout_on24_region_to_id     (TurnoutOn24Region   region);
/* "na" or "eu" (any case); anything else is an error worded for a person. */
gboolean          turnout_on24_region_from_id   (const char         *id,
                                                 TurnoutOn24Region  *region,
                                                 GError            **error);
/* Translated: "North America", "Europe", "Custom". */
const char       *turnout_on24_region_name      (TurnoutOn24Region   region);
/* Where @base_url's tokens are kept, for a message: the region's name,
 * or scheme://host:port of a custom address. */
char             *turnout_on24_region_place     (const char         *base_url);

const SecretSchema *turnout_on24_secret_schema          (void) G_GNUC_CONST;

/* Both from the environment, or FALSE. */
gboolean turnout_on24_credentials_from_env   (char         **key,
                                              char         **secret);

void     turnout_on24_credentials_lookup_async  (const char          *base_url,
                                                 const char          *client_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* FALSE with an error when the keyring cannot be reached; TRUE with NULL
 * tokens when none are stored. */
gboolean turnout_on24_credentials_lookup_finish (GAsyncResult        *result,
                                                 char               **key,
                                                 char               **secret,
                                                 GError             **error);
gboolean turnout_on24_credentials_lookup_sync   (const char          *base_url,
                                                 const char          *client_id,
                                                 char               **key,
                                                 char               **secret,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

void     turnout_on24_credentials_store_async   (const char          *base_url,
                                                 const char          *client_id,
                                                 const char          *key,
                                                 const char          *secret,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean turnout_on24_credentials_store_finish  (GAsyncResult        *result,
                                                 GError             **error);
gboolean turnout_on24_credentials_store_sync    (const char          *base_url,
                                                 const char          *client_id,
                                                 const char          *key,
                                                 const char          *secret,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

G_END_DECLS
