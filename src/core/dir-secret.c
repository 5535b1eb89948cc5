/* dir-secret.c
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
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <sodium.h>

#include "dir-outbox.h"
#include "dir-secret.h"

/* The keyring and the sealing of personal data.
 *
 * Two libsecret schemas: the account's session token (one item per hub)
 * and the outbox key (one item per referrals database, by its absolute
 * path).  Secrets are text: the token as the hub issued it, the key as
 * base64.
 *
 * The no-keyring case: when no Secret Service answers (a session without
 * gnome-keyring or KWallet, a headless box) and the caller allows it, the
 * key is kept in "<database>.key", mode 0600, beside the database.  Anyone
 * who can read the user's files can then read the referrals: it protects a
 * copied database file, not a copied home folder.  When a keyring appears
 * later, the key moves into it and the file is overwritten and removed. */

#define KEY_FILE_MAX_BYTES 256

static const SecretSchema session_schema = {
  "io.github.directionhub.Desk.Session", SECRET_SCHEMA_NONE,
  {
    { "hub", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "role", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "agency", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "expires_at", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static const SecretSchema outbox_key_schema = {
  "io.github.directionhub.Desk.OutboxKey", SECRET_SCHEMA_NONE,
  {
    { "db", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

const void *
dir_secret_session_schema (void)
{
  return &session_schema;
}

static GHashTable *
attributes_table (const char * const *attributes)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; attributes[i] != NULL && attributes[i + 1] != NULL; i += 2)
    g_hash_table_insert (table, (gpointer) attributes[i], (gpointer) attributes[i + 1]);

  return table;
}

void
dir_secret_free_string (char *text)
{
  if (text == NULL)
    return;

  sodium_memzero (text, strlen (text));
  g_free (text);
}

DirSecretStatus
dir_secret_lookup (const void          *schema,
                   const char * const  *attributes,
                   char               **out_secret,
                   GHashTable         **out_attributes,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autoptr(GHashTable) table = attributes_table (attributes);
  g_autoptr(GError) local_error = NULL;
  GList *items;
  DirSecretStatus status = DIR_SECRET_NOT_FOUND;

  items = secret_password_searchv_sync (schema, table,
                                        SECRET_SEARCH_LOAD_SECRETS | SECRET_SEARCH_UNLOCK,
                                        cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return DIR_SECRET_UNAVAILABLE;
    }

  /* One item per set of attributes is what we store; take the first. */
  for (GList *l = items; l != NULL && status == DIR_SECRET_NOT_FOUND; l = l->next)
    {
      SecretRetrievable *item = l->data;
      SecretValue *value = secret_retrievable_retrieve_secret_sync (item, cancellable,
                                                                    &local_error);
      const char *text;

      if (value == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              status = DIR_SECRET_UNAVAILABLE;
            }
          continue;
        }

      text = secret_value_get_text (value);
      if (text != NULL && text[0] != '\0')
        {
          if (out_secret != NULL)
            *out_secret = g_strdup (text);
          if (out_attributes != NULL)
            *out_attributes = secret_retrievable_get_attributes (item);
          status = DIR_SECRET_OK;
        }
      secret_value_unref (value);
    }

  g_list_free_full (items, g_object_unref);

  return status;
}

DirSecretStatus
dir_secret_store (const void          *schema,
                  const char * const  *attributes,
                  const char          *label,
                  const char          *secret,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr(GHashTable) table = attributes_table (attributes);

  if (!secret_password_storev_sync (schema, table, SECRET_COLLECTION_DEFAULT, label, secret,
                                    cancellable, error))
    return DIR_SECRET_UNAVAILABLE;

  return DIR_SECRET_OK;
}

DirSecretStatus
dir_secret_clear (const void          *schema,
                  const char * const  *attributes,
                  GCancellable        *cancellable,
                  GError             **error)
{
  g_autoptr(GHashTable) table = attributes_table (attributes);
  g_autoptr(GError) local_error = NULL;

  if (secret_password_clearv_sync (schema, table, cancellable, &local_error))
    return DIR_SECRET_OK;

  if (local_error == NULL)
    return DIR_SECRET_NOT_FOUND;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return DIR_SECRET_UNAVAILABLE;
}

/* ---- the outbox key -------------------------------------------------------- */

static void
free_key (gpointer data)
{
  sodium_free (data);
}

static GBytes *
key_from_text (const char *text)
{
  g_autofree guint8 *raw = NULL;
  g_autofree char *copy = NULL;
  gsize len = 0;
  guint8 *key;

  if (text == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (text));
  if (strlen (copy) != 44)   /* base64 of 32 bytes */
    {
      sodium_memzero (copy, strlen (copy));
      return NULL;
    }

  raw = g_base64_decode (copy, &len);
  sodium_memzero (copy, strlen (copy));
  if (raw == NULL || len != DIR_SECRET_KEY_BYTES)
    {
      if (raw != NULL)
        sodium_memzero (raw, len);
      return NULL;
    }

  key = sodium_malloc (DIR_SECRET_KEY_BYTES);
  g_assert (key != NULL);
  memcpy (key, raw, DIR_SECRET_KEY_BYTES);
  sodium_memzero (raw, len);

  return g_bytes_new_with_free_func (key, DIR_SECRET_KEY_BYTES, free_key, key);
}

static char *
key_to_text (GBytes *key)
{
  return g_base64_encode (g_bytes_get_data (key, NULL), g_bytes_get_size (key));
}

static GBytes *
new_random_key (void)
{
  guint8 *key = sodium_malloc (DIR_SECRET_KEY_BYTES);

  g_assert (key != NULL);
  randombytes_buf (key, DIR_SECRET_KEY_BYTES);

  return g_bytes_new_with_free_func (key, DIR_SECRET_KEY_BYTES, free_key, key);
}

char *
dir_secret_key_file_path (const char *db_path)
{
  return g_strconcat (db_path, ".key", NULL);
}

/* Reads the key file; NULL with error (errno-style) if it cannot. */
static GBytes *
read_key_file (const char  *path,
               GError     **error)
{
  char buffer[KEY_FILE_MAX_BYTES + 1];
  struct stat st;
  gssize n;
  GBytes *key;
  int fd;

  fd = g_open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   "%s", g_strerror (errsv));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_uid != getuid ())
    {
      close (fd);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("the key file is not a plain file of this user"));
      return NULL;
    }

  /* Someone widened it: narrow it again before trusting it. */
  if ((st.st_mode & 077) != 0)
    fchmod (fd, 0600);

  n = read (fd, buffer, KEY_FILE_MAX_BYTES);
  close (fd);
  if (n < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, g_strerror (errno));
      return NULL;
    }
  buffer[n] = '\0';

  key = key_from_text (buffer);
  sodium_memzero (buffer, sizeof buffer);
  if (key == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("the key file is damaged"));
      return NULL;
    }

  return key;
}

/* Creates the key file with a new key, or reads the one another process
 * created first. */
static GBytes *
read_or_create_key_file (const char  *path,
                         GError     **error)
{
  g_autoptr(GBytes) key = NULL;
  g_autofree char *text = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  gsize len;
  gsize done = 0;
  int fd;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return read_key_file (path, error);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s", g_strerror (errsv));
      return NULL;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      if (errsv == EEXIST)
        return read_key_file (path, error);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s", g_strerror (errsv));
      return NULL;
    }

  key = new_random_key ();
  text = key_to_text (key);
  len = strlen (text);

  while (done < len)
    {
      gssize n = write (fd, text + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += n;
    }
  sodium_memzero (text, len);

  if (done != len || write (fd, "\n", 1) != 1 || fsync (fd) != 0)
    {
      int errsv = errno;

      close (fd);
      g_unlink (path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s", g_strerror (errsv));
      return NULL;
    }
  close (fd);

  /* The directory entry too, or a crash could lose the only copy. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }

  return g_steal_pointer (&key);
}

/* Overwrites the key file before removing it. */
static void
destroy_key_file (const char *path)
{
  int fd = g_open (path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0);

  if (fd >= 0)
    {
      char zeros[KEY_FILE_MAX_BYTES] = { 0 };

      if (write (fd, zeros, sizeof zeros) > 0)
        fsync (fd);
      close (fd);
    }

  g_unlink (path);
}

static void
set_keyring_error (GError     **error,
                   const char  *why)
{
  g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_KEYRING,
               _("The key that protects the referrals on this computer could not be "
                 "kept in the keyring: %s"), why);
}

GBytes *
dir_secret_load_outbox_key (const char  *db_path,
                            gboolean     allow_key_file,
                            gboolean    *out_used_key_file,
                            GError     **error)
{
  g_autofree char *path = g_canonicalize_filename (db_path, NULL);
  g_autofree char *key_file = dir_secret_key_file_path (path);
  g_autofree char *secret = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) key = NULL;
  const char *attributes[] = { "db", path, NULL };
  /* Translators: the label of the outbox key in the user's keyring */
  g_autofree char *label = g_strdup_printf (_("Direction Desk referrals key (%s)"), path);
  DirSecretStatus status;

  if (sodium_init () < 0)
    {
      set_keyring_error (error, "libsodium could not start");
      return NULL;
    }

  if (out_used_key_file != NULL)
    *out_used_key_file = FALSE;

  status = dir_secret_lookup (&outbox_key_schema, attributes, &secret, NULL, NULL, &local_error);

  if (status == DIR_SECRET_OK)
    {
      key = key_from_text (secret);
      dir_secret_free_string (g_steal_pointer (&secret));
      if (key == NULL)
        {
          g_set_error_literal (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_KEYRING,
                               _("The referrals key in the keyring is damaged"));
          return NULL;
        }
      return g_steal_pointer (&key);
    }

  if (status == DIR_SECRET_NOT_FOUND)
    {
      g_autofree char *text = NULL;
      gboolean had_file = g_file_test (key_file, G_FILE_TEST_EXISTS);

      /* A key kept in a file while there was no keyring moves into the
       * keyring now that there is one; otherwise a new key. */
      if (had_file)
        {
          key = read_key_file (key_file, &local_error);
          if (key == NULL)
            {
              set_keyring_error (error, local_error->message);
              return NULL;
            }
        }
      else
        {
          key = new_random_key ();
        }

      text = key_to_text (key);
      status = dir_secret_store (&outbox_key_schema, attributes, label, text, NULL, &local_error);
      sodium_memzero (text, strlen (text));

      if (status == DIR_SECRET_OK)
        {
          g_autoptr(GBytes) stored = NULL;

          /* Two programs creating the key at once: both use what won. */
          if (dir_secret_lookup (&outbox_key_schema, attributes, &secret, NULL,
                                 NULL, NULL) == DIR_SECRET_OK)
            stored = key_from_text (secret);
          dir_secret_free_string (g_steal_pointer (&secret));

          if (had_file)
            destroy_key_file (key_file);

          return stored != NULL ? g_steal_pointer (&stored) : g_steal_pointer (&key);
        }

      if (!had_file)
        g_clear_pointer (&key, g_bytes_unref);
    }

  /* No keyring, or it refused. */
  if (!allow_key_file)
    {
      set_keyring_error (error, local_error != NULL ? local_error->message : "?");
      return NULL;
    }

  g_debug ("No keyring for the referrals key (%s): using the key file",
           local_error != NULL ? local_error->message : "?");

  if (key == NULL)
    {
      g_autoptr(GError) file_error = NULL;

      key = read_or_create_key_file (key_file, &file_error);
      if (key == NULL)
        {
          g_set_error (error, DIR_OUTBOX_ERROR, DIR_OUTBOX_ERROR_KEYRING,
                       _("There is no keyring, and the key file %s could not be used: %s"),
                       key_file, file_error->message);
          return NULL;
        }
    }

  if (out_used_key_file != NULL)
    *out_used_key_file = TRUE;

  return g_steal_pointer (&key);
}

/* ---- sealing --------------------------------------------------------------- */

GBytes *
dir_secret_seal (const guint8 *key,
                 const char   *context,
                 const void   *data,
                 gsize         size)
{
  gsize context_len = strlen (context) + 1;
  gsize plain_len = context_len + size;
  guint8 *plain;
  guint8 *sealed;
  gsize sealed_len = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain_len;

  g_return_val_if_fail (sodium_init () >= 0, NULL);

  plain = g_malloc (plain_len);
  memcpy (plain, context, context_len);
  if (size > 0)
    memcpy (plain + context_len, data, size);

  sealed = g_malloc (sealed_len);
  randombytes_buf (sealed, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy (sealed + crypto_secretbox_NONCEBYTES, plain, plain_len, sealed, key);

  sodium_memzero (plain, plain_len);
  g_free (plain);

  return g_bytes_new_take (sealed, sealed_len);
}

GBytes *
dir_secret_open (const guint8 *key,
                 const char   *context,
                 const void   *sealed,
                 gsize         size)
{
  gsize context_len = strlen (context) + 1;
  gsize plain_len;
  guint8 *plain;
  char *out;

  if (sealed == NULL ||
      size < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + context_len)
    return NULL;

  if (sodium_init () < 0)
    return NULL;

  plain_len = size - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
  plain = g_malloc (plain_len);

  if (crypto_secretbox_open_easy (plain, (const guint8 *) sealed + crypto_secretbox_NONCEBYTES,
                                  size - crypto_secretbox_NONCEBYTES, sealed, key) != 0 ||
      memcmp (plain, context, context_len) != 0)
    {
      sodium_memzero (plain, plain_len);
      g_free (plain);
      return NULL;
    }

  /* NUL-terminated past its size, so text can be used as a string. */
  out = g_malloc (plain_len - context_len + 1);
  memcpy (out, plain + context_len, plain_len - context_len);
  out[plain_len - context_len] = '\0';
  sodium_memzero (plain, plain_len);
  g_free (plain);

  return g_bytes_new_take (out, plain_len - context_len);
}
