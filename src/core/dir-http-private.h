/* dir-http-private.h
 *
 * Copyright 2026 The Direction Desk authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Private to core: what DirAccount and DirOutbox share about talking to
 * the hub's authenticated API. */

/* A session for one of our clients: our User-Agent, gzip, timeout. */
SoupSession *dir_http_session_new        (guint          timeout_seconds);

/* Sends msg and reads the whole answer.  NULL with the cancellation as it
 * is, or DIR_HUB_ERROR_NETWORK naming base_url. */
GBytes      *dir_http_send               (SoupSession   *session,
                                          SoupMessage   *msg,
                                          const char    *base_url,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* The hub's {"error": {"code", "field", "message"}}, each NULL when it is
 * missing or not a string; the message made valid UTF-8 and shortened. */
void         dir_http_parse_error        (GBytes        *body,
                                          char         **out_code,
                                          char         **out_field,
                                          char         **out_message);

/* DIR_HUB_ERROR_HTTP: "The hub answered 503 Service Unavailable: …". */
void         dir_http_set_status_error   (GError       **error,
                                          SoupMessage   *msg,
                                          GBytes        *body);

/* The JSON object of an answer, or DIR_HUB_ERROR_MALFORMED. */
JsonNode    *dir_http_parse_object       (GBytes        *body,
                                          GError       **error);

/* Members of the given type, or NULL / FALSE: never a warning, whatever
 * shape the hub sent. */
const char  *dir_http_get_string         (JsonObject    *object,
                                          const char    *name);
gboolean     dir_http_get_int            (JsonObject    *object,
                                          const char    *name,
                                          gint64        *out_value);
gboolean     dir_http_get_boolean        (JsonObject    *object,
                                          const char    *name,
                                          gboolean      *out_value);
/* TRUE when the member is missing or null. */
gboolean     dir_http_member_is_null     (JsonObject    *object,
                                          const char    *name);

/* "Bearer TOKEN" on msg. */
void         dir_http_set_bearer         (SoupMessage   *msg,
                                          const char    *token);

/* A token the hub issued is base64url; anything else would be refused
 * or would break the request's headers. */
gboolean     dir_http_token_is_valid     (const char    *token);

G_END_DECLS
