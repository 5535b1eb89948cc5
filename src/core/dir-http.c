/* dir-http.c
 *
 * Copyright 2026 The Direction Desk authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * This program is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 * GNU General Public License for more details.
 *
 * You should have received a copy of the GNU General Public License
 * along with this program.  If not, see <http://www.gnu.org/licenses/>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "dir-hub.h"
#include "dir-http-private.h"

/* How much of a hub's error message we repeat to the user. */
#define MAX_HUB_MESSAGE 300
#define MAX_TOKEN_LENGTH 512

SoupSession *
dir_http_session_new (guint timeout_seconds)
{
  SoupSession *session;

  session = soup_session_new_with_options ("user-agent", "DirectionDesk/" PACKAGE_VERSION,
                                           "timeout", timeout_seconds,
                                           NULL);
  if (!soup_session_has_feature (session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);

  return session;
}

GBytes *
dir_http_send (SoupSession   *session,
               SoupMessage   *msg,
               const char    *base_url,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GBytes *body;

  body = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (body != NULL)
    return body;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK,
                 _("Could not reach the hub at %s: %s"), base_url, local_error->message);

  return NULL;
}

const char *
dir_http_get_string (JsonObject *object,
                     const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

gboolean
dir_http_get_int (JsonObject *object,
                  const char *name,
                  gint64     *out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *out_value = json_node_get_int (node);
  return TRUE;
}

gboolean
dir_http_get_boolean (JsonObject *object,
                      const char *name,
                      gboolean   *out_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;

  *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
dir_http_member_is_null (JsonObject *object,
                         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static char *
dup_short_text (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL || text[0] == '\0')
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) > MAX_HUB_MESSAGE)
    {
      *g_utf8_offset_to_pointer (valid, MAX_HUB_MESSAGE) = '\0';
      return g_strconcat (valid, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

void
dir_http_parse_error (GBytes  *body,
                      char   **out_code,
                      char   **out_field,
                      char   **out_message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *node;
  JsonObject *object;
  const char *data;
  gsize size = 0;

  *out_code = NULL;
  *out_field = NULL;
  *out_message = NULL;

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  node = json_object_get_member (json_node_get_object (node), "error");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;
  object = json_node_get_object (node);

  *out_code = dup_short_text (dir_http_get_string (object, "code"));
  *out_field = dup_short_text (dir_http_get_string (object, "field"));
  *out_message = dup_short_text (dir_http_get_string (object, "message"));
}

void
dir_http_set_status_error (GError      **error,
                           SoupMessage  *msg,
                           GBytes       *body)
{
  g_autofree char *code = NULL;
  g_autofree char *field = NULL;
  g_autofree char *message = NULL;
  const char *reason = soup_message_get_reason_phrase (msg);
  guint status = soup_message_get_status (msg);

  dir_http_parse_error (body, &code, &field, &message);

  if (reason == NULL || reason[0] == '\0')
    reason = soup_status_get_phrase (status);

  if (message != NULL)
    g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP,
                 _("The hub answered %u %s: %s"), status, reason ? reason : "", message);
  else
    g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP,
                 _("The hub answered %u %s"), status, reason ? reason : "");
}

JsonNode *
dir_http_parse_object (GBytes  *body,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size = 0;

  data = body != NULL ? g_bytes_get_data (body, &size) : NULL;
  if (!json_parser_load_from_data (parser, data != NULL ? data : "", size, &local_error))
    {
      g_set_error (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                   _("The hub’s answer is not valid JSON (%s); it may have been cut short"),
                   local_error->message);
      return NULL;
    }

  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                           _("The hub’s answer is not a JSON object"));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

void
dir_http_set_bearer (SoupMessage *msg,
                     const char  *token)
{
  g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
  sodium_memzero (value, strlen (value));
}

gboolean
dir_http_token_is_valid (const char *token)
{
  gsize len;

  if (token == NULL)
    return FALSE;

  len = strlen (token);
  if (len < 16 || len > MAX_TOKEN_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (token[i]) && strchr ("-._~+/=", token[i]) == NULL)
      return FALSE;

  return TRUE;
}
