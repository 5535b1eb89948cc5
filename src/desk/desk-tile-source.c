/* desk-tile-source.c
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

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "desk-tile-source.h"

/* Raster tiles for the map, through our own SoupSession rather than
 * ShumateTileDownloader: libshumate 1.0.3 ignores shumate_set_user_agent()
 * and keeps its cache in a fixed place (docs/ARCHITECTURE.md, "Map widget").
 *
 * Tiles are cached as plain files,
 *   $XDG_CACHE_HOME/direction-desk/tiles/<sha256(template)[0..16]>/z/x/y.png
 * with a small sidecar y.png.meta holding the HTTP validators (ETag,
 * Last-Modified) and the expiry computed from Cache-Control: max-age or
 * Expires (7 days when the server says nothing, as the OSM tile usage
 * policy asks).  A fresh tile costs no request; a stale one is shown at
 * once and revalidated (If-None-Match / If-Modified-Since, 304 keeps it);
 * when the network fails, or the source is offline, the cached tile is used
 * whatever its age.
 *
 * ShumateRasterRenderer 1.0 only paints what arrives through
 * ShumateDataSource::received-data, so every tile handed to the map is
 * emitted there, and only if it is an image (a HTML error page would make
 * the renderer warn).  Failures are g_debug(): a map without network must
 * not flood the log. */

#define DEFAULT_MAX_AGE_S (7 * 24 * 60 * 60)
#define TRIM_EVERY_N_WRITES 256
#define USER_AGENT "DirectionDesk/" PACKAGE_VERSION " (+https://github.com/directionhub/direction)"

struct _DeskTileSource
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  char              *cache_dir;
  SoupSession       *session;
  GCancellable      *cancellable;   /* trims */
  guint64            cache_max_bytes;
  guint              writes_since_trim;
  guint              n_requests;
  guint              offline : 1;
  guint              trimming : 1;
};

G_DEFINE_FINAL_TYPE (DeskTileSource, desk_tile_source, SHUMATE_TYPE_DATA_SOURCE)

enum {
  PROP_0,
  PROP_URL_TEMPLATE,
  PROP_CACHE_DIR,
  PROP_OFFLINE,
  PROP_CACHE_MAX_BYTES,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  int       x;
  int       y;
  int       z;
  gboolean  emit;           /* hand the tile to the map (received-data) */
  char     *path;
  char     *meta_path;
  char     *url;
  /* what the cache holds */
  GBytes   *cached;
  char     *etag;
  char     *last_modified;
  gint64    expires;        /* Unix time */
  /* what the network gave */
  GBytes   *downloaded;
  gboolean  write_data;     /* the body, or only the meta after a 304 */
} TileRequest;

static void
tile_request_free (TileRequest *req)
{
  g_free (req->path);
  g_free (req->meta_path);
  g_free (req->url);
  g_clear_pointer (&req->cached, g_bytes_unref);
  g_free (req->etag);
  g_free (req->last_modified);
  g_clear_pointer (&req->downloaded, g_bytes_unref);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TileRequest, tile_request_free)

static char *
expand_template (const char *url_template,
                 int         x,
                 int         y,
                 int         z)
{
  g_autoptr(GString) url = g_string_new (url_template);
  char buf[16];

  g_snprintf (buf, sizeof buf, "%d", z);
  g_string_replace (url, "{z}", buf, 0);
  g_snprintf (buf, sizeof buf, "%d", x);
  g_string_replace (url, "{x}", buf, 0);
  g_snprintf (buf, sizeof buf, "%d", y);
  g_string_replace (url, "{y}", buf, 0);

  return g_string_free (g_steal_pointer (&url), FALSE);
}

static char *
get_tiles_root (void)
{
  return g_build_filename (g_get_user_cache_dir (), "direction-desk", "tiles", NULL);
}

/* PNG, JPEG or GIF: what gdk-pixbuf decodes everywhere. */
static gboolean
looks_like_image (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return TRUE;
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return TRUE;
  if (size >= 6 && memcmp (data, "GIF8", 4) == 0)
    return TRUE;

  return FALSE;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
compute_expiry (SoupMessageHeaders *headers)
{
  const char *cache_control = soup_message_headers_get_list (headers, "Cache-Control");
  const char *expires = soup_message_headers_get_one (headers, "Expires");

  if (cache_control != NULL)
    {
      g_autoptr(GHashTable) params = soup_header_parse_param_list (cache_control);
      const char *max_age = NULL;

      if (g_hash_table_contains (params, "no-cache") || g_hash_table_contains (params, "no-store"))
        return now_s ();
      if (g_hash_table_lookup_extended (params, "max-age", NULL, (gpointer *)&max_age) &&
          max_age != NULL)
        {
          gint64 seconds = g_ascii_strtoll (max_age, NULL, 10);

          return now_s () + CLAMP (seconds, 0, G_MAXINT32);
        }
    }

  if (expires != NULL)
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (expires);

      if (when != NULL)
        return g_date_time_to_unix (when);
    }

  return now_s () + DEFAULT_MAX_AGE_S;
}

static void
parse_meta (TileRequest *req,
            const char  *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "etag=") && line[5] != '\0')
        {
          g_free (req->etag);
          req->etag = g_strdup (line + 5);
        }
      else if (g_str_has_prefix (line, "last-modified=") && line[14] != '\0')
        {
          g_free (req->last_modified);
          req->last_modified = g_strdup (line + 14);
        }
      else if (g_str_has_prefix (line, "expires="))
        req->expires = g_ascii_strtoll (line + 8, NULL, 10);
    }
}

static void
read_cache_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  TileRequest *req = task_data;
  g_autofree char *data = NULL;
  g_autofree char *meta = NULL;
  gsize length = 0;

  if (g_file_get_contents (req->path, &data, &length, NULL))
    {
      req->cached = g_bytes_new_take (g_steal_pointer (&data), length);
      if (!looks_like_image (req->cached))
        g_clear_pointer (&req->cached, g_bytes_unref);
      else if (g_file_get_contents (req->meta_path, &meta, NULL, NULL))
        parse_meta (req, meta);
    }

  g_task_return_boolean (task, TRUE);
}

static void
write_cache_worker (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  TileRequest *req = task_data;
  g_autoptr(GString) meta = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (req->path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               "Cannot create %s: %s", dir, g_strerror (errsv));
      return;
    }

  if (req->write_data)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (req->downloaded, &size);

      if (!g_file_set_contents (req->path, data, size, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (req->etag != NULL)
    g_string_append_printf (meta, "etag=%s\n", req->etag);
  if (req->last_modified != NULL)
    g_string_append_printf (meta, "last-modified=%s\n", req->last_modified);
  g_string_append_printf (meta, "expires=%" G_GINT64_FORMAT "\n", req->expires);

  if (!g_file_set_contents (req->meta_path, meta->str, meta->len, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
emit_received_data (DeskTileSource *self,
                    TileRequest    *req,
                    GBytes         *bytes)
{
  if (req->emit)
    g_signal_emit_by_name (self, "received-data", req->x, req->y, req->z, bytes);
}

static void
return_tile (GTask       *task,
             TileRequest *req,
             GBytes      *bytes)
{
  g_task_return_pointer (task, g_bytes_ref (bytes), (GDestroyNotify)g_bytes_unref);
}

static void
maybe_trim_cache (DeskTileSource *self)
{
  if (self->cache_max_bytes == 0 || self->trimming)
    return;
  if (++self->writes_since_trim < TRIM_EVERY_N_WRITES)
    return;

  self->writes_since_trim = 0;
  desk_tile_source_trim_cache_async (self, self->cancellable, NULL, NULL);
}

static void
write_cache_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeskTileSource *self = g_task_get_source_object (task);
  TileRequest *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Tile %d/%d/%d not cached: %s", req->z, req->x, req->y, error->message);
  else if (req->write_data)
    maybe_trim_cache (self);

  return_tile (task, req, req->downloaded != NULL ? req->downloaded : req->cached);
}

static void
write_cache (GTask *task)
{
  DeskTileSource *self = g_task_get_source_object (task);
  TileRequest *req = g_task_get_task_data (task);
  /* Not cancellable: a tile that arrived is worth keeping. */
  g_autoptr(GTask) write = g_task_new (self, NULL, write_cache_cb, g_object_ref (task));

  g_task_set_source_tag (write, write_cache);
  g_task_set_task_data (write, req, NULL);
  g_task_run_in_thread (write, write_cache_worker);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  DeskTileSource *self = g_task_get_source_object (task);
  TileRequest *req = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (session, result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  body = soup_session_send_and_read_finish (session, result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("Tile %s: %s", req->url, error->message);
      if (req->cached != NULL)
        return_tile (task, req, req->cached);   /* offline: what we have */
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
  headers = soup_message_get_response_headers (msg);

  if (status == SOUP_STATUS_NOT_MODIFIED && req->cached != NULL)
    {
      const char *etag = soup_message_headers_get_one (headers, "ETag");

      if (etag != NULL)
        {
          g_free (req->etag);
          req->etag = g_strdup (etag);
        }
      req->expires = compute_expiry (headers);
      req->write_data = FALSE;
      write_cache (g_steal_pointer (&task));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && looks_like_image (body))
    {
      g_free (req->etag);
      req->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
      g_free (req->last_modified);
      req->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
      req->expires = compute_expiry (headers);
      req->downloaded = g_bytes_ref (body);
      req->write_data = TRUE;
      emit_received_data (self, req, body);
      write_cache (g_steal_pointer (&task));
      return;
    }

  g_debug ("Tile %s: HTTP %u %s", req->url, status, soup_message_get_reason_phrase (msg));
  if (req->cached != NULL)
    return_tile (task, req, req->cached);
  else
    g_task_return_new_error (task, G_IO_ERROR,
                             status == SOUP_STATUS_NOT_FOUND ? G_IO_ERROR_NOT_FOUND
                                                             : G_IO_ERROR_FAILED,
                             "HTTP %u %s", status,
                             soup_message_get_reason_phrase (msg));
}

static void
read_cache_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DeskTileSource *self = DESK_TILE_SOURCE (object);
  g_autoptr(GTask) task = user_data;
  TileRequest *req = g_task_get_task_data (task);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (req->cached != NULL && (self->offline || now_s () < req->expires))
    {
      emit_received_data (self, req, req->cached);
      return_tile (task, req, req->cached);
      return;
    }

  if (self->offline)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE,
                               "Offline, and tile %d/%d/%d is not cached",
                               req->z, req->x, req->y);
      return;
    }

  msg = soup_message_new (SOUP_METHOD_GET, req->url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "Not a valid tile address: %s", req->url);
      return;
    }

  /* A stale tile is better than a hole while we revalidate it. */
  if (req->cached != NULL)
    {
      emit_received_data (self, req, req->cached);

      headers = soup_message_get_request_headers (msg);
      if (req->etag != NULL)
        soup_message_headers_replace (headers, "If-None-Match", req->etag);
      if (req->last_modified != NULL)
        soup_message_headers_replace (headers, "If-Modified-Since", req->last_modified);
    }

  self->n_requests++;
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    fetch_cb, g_steal_pointer (&task));
}

static void
start_request (DeskTileSource      *self,
               int                  x,
               int                  y,
               int                  zoom_level,
               gboolean             emit,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  TileRequest *req;

  req = g_new0 (TileRequest, 1);
  req->x = x;
  req->y = y;
  req->z = zoom_level;
  req->emit = emit;
  req->url = desk_tile_source_get_tile_url (self, x, y, zoom_level);
  req->path = desk_tile_source_get_tile_path (self, x, y, zoom_level);
  req->meta_path = g_strconcat (req->path, ".meta", NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, req, (GDestroyNotify)tile_request_free);

  read = g_task_new (self, cancellable, read_cache_cb, g_steal_pointer (&task));
  g_task_set_source_tag (read, read_cache_worker);
  g_task_set_task_data (read, req, NULL);
  g_task_run_in_thread (read, read_cache_worker);
}

typedef struct
{
  char    *path;
  guint64  size;
  gint64   mtime;
} CachedFile;

static void
cached_file_clear (gpointer data)
{
  g_free (((CachedFile *)data)->path);
}

static int
compare_by_mtime (gconstpointer a,
                  gconstpointer b)
{
  const CachedFile *fa = a;
  const CachedFile *fb = b;

  return (fa->mtime > fb->mtime) - (fa->mtime < fb->mtime);
}

static void
collect_tiles (const char *dir_path,
               int         depth,
               GArray     *files,
               guint64    *total)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) != 0)
        continue;

      if (S_ISDIR (st.st_mode) && depth < 3)
        collect_tiles (path, depth + 1, files, total);
      else if (S_ISREG (st.st_mode) && g_str_has_suffix (name, ".png"))
        {
          CachedFile file = { g_steal_pointer (&path), st.st_size, st.st_mtime };

          g_array_append_val (files, file);
          *total += st.st_size;
        }
    }
}

static void
trim_cache_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  guint64 max_bytes = *(guint64 *)task_data;
  g_autofree char *root = get_tiles_root ();
  g_autoptr(GArray) files = g_array_new (FALSE, FALSE, sizeof (CachedFile));
  guint64 total = 0;
  guint64 freed = 0;
  guint64 goal;

  g_array_set_clear_func (files, cached_file_clear);
  collect_tiles (root, 0, files, &total);

  /* Down to 90 %, so that the next few downloads do not trim again. */
  goal = max_bytes - max_bytes / 10;
  if (total > max_bytes)
    {
      g_array_sort (files, compare_by_mtime);
      for (guint i = 0; i < files->len && total - freed > goal; i++)
        {
          CachedFile *file = &g_array_index (files, CachedFile, i);
          g_autofree char *meta = g_strconcat (file->path, ".meta", NULL);

          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (g_unlink (file->path) == 0)
            freed += file->size;
          g_unlink (meta);
        }
      g_debug ("Tile cache: %" G_GUINT64_FORMAT " bytes, trimmed %" G_GUINT64_FORMAT,
               total, freed);
    }

  g_task_return_pointer (task, g_memdup2 (&freed, sizeof freed), g_free);
}

static void
desk_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                      int                  x,
                                      int                  y,
                                      int                  zoom_level,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  start_request (DESK_TILE_SOURCE (source), x, y, zoom_level, TRUE,
                 desk_tile_source_get_tile_data_async, cancellable, callback, user_data);
}

static GBytes *
desk_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                       GAsyncResult       *result,
                                       GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
desk_tile_source_constructed (GObject *object)
{
  DeskTileSource *self = (DeskTileSource *)object;
  g_autofree char *root = get_tiles_root ();
  g_autofree char *hash = NULL;

  G_OBJECT_CLASS (desk_tile_source_parent_class)->constructed (object);

  if (self->url_template == NULL)
    self->url_template = g_strdup (DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE);

  if (self->cache_dir == NULL)
    {
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->url_template, -1);
      hash[16] = '\0';
      self->cache_dir = g_build_filename (root, hash, NULL);
    }
}

static void
desk_tile_source_dispose (GObject *object)
{
  DeskTileSource *self = (DeskTileSource *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (desk_tile_source_parent_class)->dispose (object);
}

static void
desk_tile_source_finalize (GObject *object)
{
  DeskTileSource *self = (DeskTileSource *)object;

  g_clear_pointer (&self->url_template, g_free);
  g_clear_pointer (&self->cache_dir, g_free);

  G_OBJECT_CLASS (desk_tile_source_parent_class)->finalize (object);
}

static void
desk_tile_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DeskTileSource *self = DESK_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      g_value_set_string (value, self->url_template);
      break;
    case PROP_CACHE_DIR:
      g_value_set_string (value, self->cache_dir);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    case PROP_CACHE_MAX_BYTES:
      g_value_set_uint64 (value, self->cache_max_bytes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_tile_source_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DeskTileSource *self = DESK_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      self->url_template = g_value_dup_string (value);
      break;
    case PROP_CACHE_DIR:
      self->cache_dir = g_value_dup_string (value);
      break;
    case PROP_OFFLINE:
      desk_tile_source_set_offline (self, g_value_get_boolean (value));
      break;
    case PROP_CACHE_MAX_BYTES:
      desk_tile_source_set_cache_max_bytes (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_tile_source_class_init (DeskTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->constructed = desk_tile_source_constructed;
  object_class->dispose = desk_tile_source_dispose;
  object_class->finalize = desk_tile_source_finalize;
  object_class->get_property = desk_tile_source_get_property;
  object_class->set_property = desk_tile_source_set_property;

  source_class->get_tile_data_async = desk_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = desk_tile_source_get_tile_data_finish;

  properties [PROP_URL_TEMPLATE] =
    g_param_spec_string ("url-template", NULL, NULL,
                         DESK_TILE_SOURCE_DEFAULT_URL_TEMPLATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* NULL: under the user's cache directory, one directory per template. */
  properties [PROP_CACHE_DIR] =
    g_param_spec_string ("cache-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CACHE_MAX_BYTES] =
    g_param_spec_uint64 ("cache-max-bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
desk_tile_source_init (DeskTileSource *self)
{
  self->cancellable = g_cancellable_new ();
  /* Two connections per host, as tile servers ask of interactive clients. */
  self->session = soup_session_new_with_options ("user-agent", USER_AGENT,
                                                 "max-conns-per-host", 2,
                                                 "timeout", 30,
                                                 NULL);
}

DeskTileSource *
desk_tile_source_new (const char *url_template)
{
  return g_object_new (DESK_TYPE_TILE_SOURCE,
                       "url-template", url_template,
                       NULL);
}

const char *
desk_tile_source_get_url_template (DeskTileSource *self)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), NULL);

  return self->url_template;
}

const char *
desk_tile_source_get_cache_dir (DeskTileSource *self)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), NULL);

  return self->cache_dir;
}

const char *
desk_tile_source_get_user_agent (void)
{
  return USER_AGENT;
}

char *
desk_tile_source_get_tile_url (DeskTileSource *self,
                               int             x,
                               int             y,
                               int             zoom_level)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), NULL);

  return expand_template (self->url_template, x, y, zoom_level);
}

char *
desk_tile_source_get_tile_path (DeskTileSource *self,
                                int             x,
                                int             y,
                                int             zoom_level)
{
  char zs[16], xs[16], ys[24];

  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), NULL);

  g_snprintf (zs, sizeof zs, "%d", zoom_level);
  g_snprintf (xs, sizeof xs, "%d", x);
  g_snprintf (ys, sizeof ys, "%d.png", y);

  return g_build_filename (self->cache_dir, zs, xs, ys, NULL);
}

gboolean
desk_tile_source_get_offline (DeskTileSource *self)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), FALSE);

  return self->offline;
}

/* Offline: only the cache is used, whatever the age of its tiles. */
void
desk_tile_source_set_offline (DeskTileSource *self,
                              gboolean        offline)
{
  g_return_if_fail (DESK_IS_TILE_SOURCE (self));

  offline = !!offline;
  if (self->offline == offline)
    return;

  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OFFLINE]);
}

guint64
desk_tile_source_get_cache_max_bytes (DeskTileSource *self)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), 0);

  return self->cache_max_bytes;
}

/* 0 = no limit.  Setting a limit trims the cache now, then every few
 * hundred downloads. */
void
desk_tile_source_set_cache_max_bytes (DeskTileSource *self,
                                      guint64         max_bytes)
{
  g_return_if_fail (DESK_IS_TILE_SOURCE (self));

  if (self->cache_max_bytes == max_bytes)
    return;

  self->cache_max_bytes = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CACHE_MAX_BYTES]);

  if (max_bytes > 0 && !self->trimming)
    desk_tile_source_trim_cache_async (self, self->cancellable, NULL, NULL);
}

/* HTTP requests sent so far (tests, diagnostics). */
guint
desk_tile_source_get_n_requests (DeskTileSource *self)
{
  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), 0);

  return self->n_requests;
}

/* A raster map source over this data source, with the OSM attribution. */
ShumateMapSource *
desk_tile_source_create_map_source (DeskTileSource *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), NULL);

  id = g_strdup_printf ("direction-desk-%s", strrchr (self->cache_dir, G_DIR_SEPARATOR) + 1);

  return SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (id,
                                                               "OpenStreetMap",
                                                               _("© OpenStreetMap contributors"),
                                                               "https://www.openstreetmap.org/copyright",
                                                               0, 19, 256,
                                                               SHUMATE_MAP_PROJECTION_MERCATOR,
                                                               SHUMATE_DATA_SOURCE (self)));
}

void
desk_tile_source_download_tile_async (DeskTileSource      *self,
                                      int                  x,
                                      int                  y,
                                      int                  zoom_level,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (DESK_IS_TILE_SOURCE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_request (self, x, y, zoom_level, FALSE,
                 desk_tile_source_download_tile_async, cancellable, callback, user_data);
}

gboolean
desk_tile_source_download_tile_finish (DeskTileSource  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  bytes = g_task_propagate_pointer (G_TASK (result), error);

  return bytes != NULL;
}

static void
trim_cache_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DeskTileSource *self = g_task_get_source_object (task);
  GError *error = NULL;
  guint64 *freed;

  self->trimming = FALSE;
  freed = g_task_propagate_pointer (G_TASK (result), &error);
  if (freed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, freed, g_free);
}

void
desk_tile_source_trim_cache_async (DeskTileSource      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;

  g_return_if_fail (DESK_IS_TILE_SOURCE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, desk_tile_source_trim_cache_async);

  if (self->cache_max_bytes == 0)
    {
      g_task_return_pointer (task, g_new0 (guint64, 1), g_free);
      return;
    }

  self->trimming = TRUE;
  worker = g_task_new (self, cancellable, trim_cache_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, g_memdup2 (&self->cache_max_bytes, sizeof (guint64)), g_free);
  g_task_run_in_thread (worker, trim_cache_worker);
}

gboolean
desk_tile_source_trim_cache_finish (DeskTileSource  *self,
                                    GAsyncResult    *result,
                                    guint64         *n_bytes_freed,
                                    GError         **error)
{
  g_autofree guint64 *freed = NULL;

  g_return_val_if_fail (DESK_IS_TILE_SOURCE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  freed = g_task_propagate_pointer (G_TASK (result), error);
  if (n_bytes_freed != NULL)
    *n_bytes_freed = freed != NULL ? *freed : 0;

  return freed != NULL;
}
