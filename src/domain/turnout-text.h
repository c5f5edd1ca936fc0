/* SPDX-License-Identifier: GPL-3.0-or-later */
/* turnout-text.h: what text Turnout accepts, and how it shows text it did
 * not choose (no GTK, no SQLite). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fields whose text is limited, each with its own limit. */
typedef enum
{
  TURNOUT_TEXT_EMAIL,          /* 254 bytes, as SMTP allows */
  TURNOUT_TEXT_FIRST_NAME,     /* 1,000 characters */
  TURNOUT_TEXT_LAST_NAME,
  TURNOUT_TEXT_COMPANY,
  TURNOUT_TEXT_JOB_TITLE,
  TURNOUT_TEXT_REASON,         /* 4,000 characters */
  TURNOUT_TEXT_PROGRAM_NAME,   /* 500 characters */
  TURNOUT_TEXT_N_FIELDS
} TurnoutTextField;

#define TURNOUT_TEXT_ERROR (turnout_text_error_quark ())
GQuark       turnout_text_error_quark     (void);

typedef enum
{
  TURNOUT_TEXT_ERROR_TOO_LONG,
  TURNOUT_TEXT_ERROR_CONTROL,
  TURNOUT_TEXT_ERROR_ENCODING,
} TurnoutTextError;

/* The field's name as a person reads it ("First name"), translated. */
const char  *turnout_text_field_name      (TurnoutTextField field);
/* The field's limit, in characters (in bytes for the e-mail address). */
gsize        turnout_text_field_limit     (TurnoutTextField field);

/* TRUE when @text (NULL counts as empty) is valid UTF-8 within the field's
 * limit and holds no control characters: C0 but tab and newline, DEL, C1,
 * and the bidirectional embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069). Otherwise FALSE with an error naming the field. */
gboolean     turnout_text_check           (const char        *text,
                                           TurnoutTextField   field,
                                           GError           **error);

/* @text made acceptable for @field without refusing it: invalid bytes and
 * control characters dropped, cut to the field's limit at a character
 * boundary. For text Turnout did not type itself (ON24's answers). */
char        *turnout_text_shorten         (const char        *text,
                                           TurnoutTextField   field);

/* TRUE when @c is one of the characters turnout_text_check() refuses. */
gboolean     turnout_text_is_control      (gunichar           c);

/* @text with every character a terminal could act on written as an
 * escape instead: the controls above as \u00XX or \u202e, invalid bytes as
 * \xNN. Tab and newline are kept. Returns NULL when nothing needs escaping,
 * so the common case copies nothing. */
char        *turnout_text_escape_unprintable (const char *text,
                                              gssize      length);

G_END_DECLS
