/* dir-account.c
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

#include "dir-account.h"
#include "dir-http-private.h"
#include "dir-hub.h"
#include "dir-secret.h"
#include "dir-time.h"

/* The staff member's session with the hub.
 *
 * Threads: the state lives under one mutex and may change on any thread
 * (a sign-in finishing in its GTask thread, a sync worker that got a 401).
 * The strings the getters return are interned, and a replaced expiry time
 * is kept until the account goes, so what a getter returned stays valid
 * whatever another thread does.  Property notifications and
 * "sign-in-required" are always emitted on the main context the account
 * was created in.
 *
 * The keyring: one item per hub, its secret the token, its other
 * attributes the identity, so who is signed in is known offline.  When no
 * Secret Service answers the token is kept in memory only, for as long as
 * the program runs ("remembered" is then FALSE), and never written
 * anywhere else.  Keyring writes are serialised, and a forget that
 * follows a 401 is skipped when a new sign-in has come in between. */

#define SESSION_TIMEOUT_SECONDS   30
#define SIGN_OUT_TIMEOUT_SECONDS  5
#define MAX_NAME_LENGTH           200

struct _DirAccount
{
  GObject       parent_instance;

  GMainContext *context;        /* where notifications are emitted */
  GThread      *owner;          /* the thread that made the account */
  char         *base_url;       /* normalised, no trailing '/' */
  SoupSession  *session;

  GMutex        mutex;
  char         *token;          /* secret: zeroed when dropped */
  const char   *username;       /* interned */
  const char   *agency;         /* interned */
  DirRole       role;
  GDateTime    *expires_at;
  GPtrArray    *retired;        /* expiry times a getter may still hold */
  gboolean      signed_in;
  gboolean      remembered;
  guint         generation;     /* bumped by every sign-in */

  GMutex        keyring_mutex;  /* one keyring write at a time */
};

G_DEFINE_FINAL_TYPE (DirAccount, dir_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (dir-account-error-quark, dir_account_error)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_SIGNED_IN,
  PROP_USERNAME,
  PROP_ROLE,
  PROP_AGENCY,
  PROP_EXPIRES_AT,
  PROP_REMEMBERED,
  N_PROPS
};

enum {
  SIGN_IN_REQUIRED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const char * const role_names[] = {
  [DIR_ROLE_NONE] = NULL,
  [DIR_ROLE_REFERRER] = "referrer",
  [DIR_ROLE_VOLUNTEER] = "volunteer",
  [DIR_ROLE_ADVISOR] = "advisor",
  [DIR_ROLE_PROVIDER] = "provider",
  [DIR_ROLE_ADMIN] = "admin",
};

const char *
dir_role_to_string (DirRole role)
{
  if ((guint) role >= G_N_ELEMENTS (role_names))
    return NULL;

  return role_names[role];
}

DirRole
dir_role_from_string (const char *text)
{
  for (guint i = DIR_ROLE_REFERRER; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (text, role_names[i]) == 0)
      return i;

  return DIR_ROLE_NONE;
}

/* ---- notifications on the account's context ------------------------------ */

typedef struct
{
  DirAccount *self;
  guint       props;              /* 1 << PROP_x */
  gboolean    sign_in_required;
} Notify;

static void
notify_free (gpointer data)
{
  Notify *notify = data;

  g_object_unref (notify->self);
  g_free (notify);
}

static gboolean
notify_in_context_cb (gpointer data)
{
  Notify *notify = data;
  DirAccount *self = notify->self;

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_0 + 1; i < N_PROPS; i++)
    if (notify->props & (1u << i))
      g_object_notify_by_pspec (G_OBJECT (self), properties [i]);
  g_object_thaw_notify (G_OBJECT (self));

  if (notify->sign_in_required)
    g_signal_emit (self, signals [SIGN_IN_REQUIRED], 0);

  return G_SOURCE_REMOVE;
}

/* Right away when called on the thread that made the account, with its
 * context current; else from an idle on that context.  (Not
 * g_main_context_invoke(): from a worker thread it runs the function
 * there whenever it can acquire the context.) */
static void
dispatch (DirAccount *self,
          guint       props,
          gboolean    sign_in_required)
{
  GMainContext *current = g_main_context_get_thread_default ();
  GSource *source;
  Notify *notify;

  if (props == 0 && !sign_in_required)
    return;

  notify = g_new0 (Notify, 1);
  notify->self = g_object_ref (self);
  notify->props = props;
  notify->sign_in_required = sign_in_required;

  if (current == NULL)
    current = g_main_context_default ();

  if (g_thread_self () == self->owner && current == self->context)
    {
      notify_in_context_cb (notify);
      notify_free (notify);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, notify_in_context_cb, notify, notify_free);
  g_source_set_static_name (source, "[dir] account notify");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

/* ---- state ------------------------------------------------------------------ */

typedef struct
{
  char       *token;       /* NULL: signed out */
  const char *username;    /* interned, nullable */
  const char *agency;      /* interned, nullable */
  DirRole     role;
  GDateTime  *expires_at;  /* nullable */
  gboolean    remembered;
} Identity;

static void
identity_clear (Identity *identity)
{
  dir_secret_free_string (g_steal_pointer (&identity->token));
  g_clear_pointer (&identity->expires_at, g_date_time_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Identity, identity_clear)

static const char *
intern_nullable (const char *text)
{
  return text != NULL && text[0] != '\0' ? g_intern_string (text) : NULL;
}

static gboolean
same_time (GDateTime *a,
           GDateTime *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_date_time_equal (a, b);
}

/* Replaces the state with identity (taking its token and expiry) and
 * tells the account's context what changed.  Returns the generation. */
static guint
apply_identity (DirAccount *self,
                Identity   *identity,
                gboolean    new_sign_in)
{
  guint changed = 0;
  guint generation;
  gboolean signed_in = identity->token != NULL;

  g_mutex_lock (&self->mutex);

  if (self->signed_in != signed_in)
    changed |= 1u << PROP_SIGNED_IN;
  if (self->username != identity->username)
    changed |= 1u << PROP_USERNAME;
  if (self->agency != identity->agency)
    changed |= 1u << PROP_AGENCY;
  if (self->role != identity->role)
    changed |= 1u << PROP_ROLE;
  if (!same_time (self->expires_at, identity->expires_at))
    changed |= 1u << PROP_EXPIRES_AT;
  if (self->remembered != identity->remembered)
    changed |= 1u << PROP_REMEMBERED;

  dir_secret_free_string (self->token);
  self->token = g_steal_pointer (&identity->token);
  self->signed_in = signed_in;
  self->username = identity->username;
  self->agency = identity->agency;
  self->role = identity->role;
  self->remembered = identity->remembered;
  if (changed & (1u << PROP_EXPIRES_AT))
    {
      if (self->expires_at != NULL)
        g_ptr_array_add (self->retired, self->expires_at);
      self->expires_at = g_steal_pointer (&identity->expires_at);
    }
  if (new_sign_in)
    self->generation++;
  generation = self->generation;

  g_mutex_unlock (&self->mutex);

  dispatch (self, changed, FALSE);

  return generation;
}

static void
forget_keyring_item (DirAccount *self,
                     gint64      only_if_generation)
{
  g_autoptr(GError) error = NULL;
  const char *attributes[] = { "hub", self->base_url, NULL };
  gboolean skip;

  g_mutex_lock (&self->keyring_mutex);

  g_mutex_lock (&self->mutex);
  skip = only_if_generation >= 0 && self->generation != (guint) only_if_generation;
  g_mutex_unlock (&self->mutex);

  if (!skip &&
      dir_secret_clear (dir_secret_session_schema (), attributes, NULL, &error)
        == DIR_SECRET_UNAVAILABLE)
    g_debug ("Could not remove the session from the keyring: %s", error->message);

  g_mutex_unlock (&self->keyring_mutex);
}

/* ---- sign in ------------------------------------------------------------------ */

typedef struct
{
  char *username;
  char *password;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *sign_in = data;

  g_free (sign_in->username);
  dir_secret_free_string (sign_in->password);
  g_free (sign_in);
}

/* Reads the hub's 201 into identity. */
static gboolean
read_session (JsonObject  *object,
              Identity    *identity,
              GError     **error)
{
  const char *token = dir_http_get_string (object, "token");
  const char *expires_text = dir_http_get_string (object, "expires_at");
  JsonNode *user_node = json_object_get_member (object, "user");
  JsonObject *user;
  const char *username;
  const char *role;
  const char *agency;

  if (!dir_http_token_is_valid (token))
    goto malformed;

  if (expires_text == NULL || (identity->expires_at = dir_time_parse (expires_text)) == NULL)
    goto malformed;

  if (user_node == NULL || !JSON_NODE_HOLDS_OBJECT (user_node))
    goto malformed;
  user = json_node_get_object (user_node);

  username = dir_http_get_string (user, "username");
  role = dir_http_get_string (user, "role");
  agency = dir_http_get_string (user, "agency");

  if (username == NULL || username[0] == '\0' || strlen (username) > MAX_NAME_LENGTH ||
      dir_role_from_string (role) == DIR_ROLE_NONE ||
      agency == NULL || strlen (agency) > MAX_NAME_LENGTH ||
      !g_utf8_validate (username, -1, NULL) || !g_utf8_validate (agency, -1, NULL))
    goto malformed;

  identity->token = g_strdup (token);
  identity->username = intern_nullable (username);
  identity->role = dir_role_from_string (role);
  identity->agency = intern_nullable (agency);
  return TRUE;

malformed:
  g_set_error_literal (error, DIR_HUB_ERROR, DIR_HUB_ERROR_MALFORMED,
                       _("The hub’s answer to the sign-in is not what its API promises"));
  return FALSE;
}

static gboolean
store_in_keyring (DirAccount  *self,
                  Identity    *identity,
                  GError     **error)
{
  g_autofree char *expires = g_date_time_format_iso8601 (identity->expires_at);
  /* Translators: the label of the sign-in in the user's keyring; %s is the hub address */
  g_autofree char *label = g_strdup_printf (_("Direction Desk sign-in to %s"), self->base_url);
  const char *attributes[] = {
    "hub", self->base_url,
    "username", identity->username,
    "role", dir_role_to_string (identity->role),
    "agency", identity->agency != NULL ? identity->agency : "",
    "expires_at", expires,
    NULL
  };

  const char *hub_only[] = { "hub", self->base_url, NULL };
  DirSecretStatus status;

  g_mutex_lock (&self->keyring_mutex);
  /* Any forget queued by an older 401 must now leave this one alone. */
  g_mutex_lock (&self->mutex);
  self->generation++;
  g_mutex_unlock (&self->mutex);
  /* One item per hub: the attributes differ (expiry), so a store would
   * add a second item rather than replace the first. */
  status = dir_secret_clear (dir_secret_session_schema (), hub_only, NULL, error);
  if (status != DIR_SECRET_UNAVAILABLE)
    status = dir_secret_store (dir_secret_session_schema (), attributes, label,
                               identity->token, NULL, error);
  g_mutex_unlock (&self->keyring_mutex);

  return status == DIR_SECRET_OK;
}

static void
sign_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DirAccount *self = source_object;
  SignIn *sign_in = task_data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) keyring_error = NULL;
  g_autofree char *url = g_strconcat (self->base_url, "/api/v1/session", NULL);
  g_auto(Identity) identity = { 0 };
  char *text;
  gsize length;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, sign_in->username);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, sign_in->password);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  length = strlen (text);
  /* The request body keeps its own copy; ours is wiped. */
  request_body = g_bytes_new (text, length);
  dir_secret_free_string (text);

  msg = soup_message_new (SOUP_METHOD_POST, url);
  soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
  soup_message_headers_replace (soup_message_get_request_headers (msg),
                                "Accept", "application/json");

  body = dir_http_send (self->session, msg, self->base_url, cancellable, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (soup_message_get_status (msg) != SOUP_STATUS_CREATED)
    {
      dir_http_set_status_error (&error, msg, body);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  root = dir_http_parse_object (body, &error);
  if (root == NULL || !read_session (json_node_get_object (root), &identity, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  identity.remembered = store_in_keyring (self, &identity, &keyring_error);
  if (!identity.remembered)
    g_debug ("No keyring for the session (%s): kept in memory until the desk closes",
             keyring_error != NULL ? keyring_error->message : "?");

  apply_identity (self, &identity, TRUE);
  g_task_return_boolean (task, TRUE);
}

/* ---- sign out ------------------------------------------------------------------ */

static void
sign_out_worker (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DirAccount *self = source_object;
  g_autofree char *token = dir_account_dup_token (self);
  g_auto(Identity) identity = { 0 };

  /* Locally first, so nothing the hub does can keep the token here. */
  forget_keyring_item (self, -1);
  apply_identity (self, &identity, FALSE);

  if (token != NULL)
    {
      g_autofree char *url = g_strconcat (self->base_url, "/api/v1/session", NULL);
      g_autoptr(SoupSession) session = dir_http_session_new (SIGN_OUT_TIMEOUT_SECONDS);
      g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_DELETE, url);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;

      dir_http_set_bearer (msg, token);
      body = dir_http_send (session, msg, self->base_url, cancellable, &error);
      if (body == NULL)
        g_debug ("Signed out locally; the hub could not be told: %s", error->message);
      else
        g_debug ("Signed out; the hub answered %u", soup_message_get_status (msg));
      sodium_memzero (token, strlen (token));
    }

  g_task_return_boolean (task, TRUE);
}

/* ---- restore ------------------------------------------------------------------ */

static void
restore_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DirAccount *self = source_object;
  g_autoptr(GError) error = NULL;

  if (!dir_account_restore (self, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- GObject ---------------------------------------------------------------------- */

static void
dir_account_finalize (GObject *object)
{
  DirAccount *self = (DirAccount *)object;

  dir_secret_free_string (g_steal_pointer (&self->token));
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->mutex);
  g_mutex_clear (&self->keyring_mutex);

  G_OBJECT_CLASS (dir_account_parent_class)->finalize (object);
}

static void
dir_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DirAccount *self = DIR_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_SIGNED_IN:
      g_value_set_boolean (value, dir_account_get_signed_in (self));
      break;

    case PROP_USERNAME:
      g_value_set_string (value, dir_account_get_username (self));
      break;

    case PROP_ROLE:
      g_value_set_int (value, dir_account_get_role (self));
      break;

    case PROP_AGENCY:
      g_value_set_string (value, dir_account_get_agency (self));
      break;

    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, dir_account_get_expires_at (self));
      break;

    case PROP_REMEMBERED:
      g_value_set_boolean (value, dir_account_get_remembered (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dir_account_class_init (DirAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_account_finalize;
  object_class->get_property = dir_account_get_property;

  properties [PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_SIGNED_IN] =
    g_param_spec_boolean ("signed-in", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ROLE] =
    g_param_spec_int ("role", NULL, NULL, DIR_ROLE_NONE, DIR_ROLE_ADMIN, DIR_ROLE_NONE,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_AGENCY] =
    g_param_spec_string ("agency", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_REMEMBERED] =
    g_param_spec_boolean ("remembered", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * DirAccount::sign-in-required:
   *
   * The hub refused the token (it expired, was revoked or timed out):
   * the desk should ask the user to sign in again.
   */
  signals [SIGN_IN_REQUIRED] =
    g_signal_new ("sign-in-required",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dir_account_init (DirAccount *self)
{
  g_mutex_init (&self->mutex);
  g_mutex_init (&self->keyring_mutex);
  self->retired = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  self->context = g_main_context_ref_thread_default ();
  self->owner = g_thread_self ();
  self->session = dir_http_session_new (SESSION_TIMEOUT_SECONDS);
}

/* ---- public API ---------------------------------------------------------------------- */

/**
 * dir_account_new:
 * @base_url: the hub, e.g. "https://hub.example.org"
 *
 * Returns: (transfer full) (nullable): a signed-out account; %NULL (with a
 *   critical) when @base_url is not an http(s) address — check it with
 *   dir_hub_normalize_url() first.
 */
DirAccount *
dir_account_new (const char *base_url)
{
  g_autofree char *url = NULL;
  DirAccount *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  url = dir_hub_normalize_url (base_url, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (DIR_TYPE_ACCOUNT, NULL);
  self->base_url = g_steal_pointer (&url);

  return self;
}

const char *
dir_account_get_base_url (DirAccount *self)
{
  g_return_val_if_fail (DIR_IS_ACCOUNT (self), NULL);

  return self->base_url;
}

/* A field read under the mutex.  The strings are interned and a replaced
 * expiry is kept until the account goes, so what is returned stays valid
 * whatever another thread does next. */
#define LOCKED_GETTER(type, name, fallback) \
  type \
  dir_account_get_##name (DirAccount *self) \
  { \
    type value; \
    \
    g_return_val_if_fail (DIR_IS_ACCOUNT (self), fallback); \
    \
    g_mutex_lock (&self->mutex); \
    value = self->name; \
    g_mutex_unlock (&self->mutex); \
    \
    return value; \
  }

LOCKED_GETTER (gboolean, signed_in, FALSE)
LOCKED_GETTER (const char *, username, NULL)
LOCKED_GETTER (DirRole, role, DIR_ROLE_NONE)
LOCKED_GETTER (const char *, agency, NULL)
LOCKED_GETTER (GDateTime *, expires_at, NULL)
LOCKED_GETTER (gboolean, remembered, FALSE)

#undef LOCKED_GETTER

char *
dir_account_dup_token (DirAccount *self)
{
  char *token;

  g_return_val_if_fail (DIR_IS_ACCOUNT (self), NULL);

  g_mutex_lock (&self->mutex);
  token = g_strdup (self->token);
  g_mutex_unlock (&self->mutex);

  return token;
}

/**
 * dir_account_restore:
 *
 * Reads the session kept in the keyring for this hub, without the
 * network.  A session past its expiry is removed from the keyring (its
 * user name and agency are kept, for the sign-in dialog).
 *
 * Returns: %TRUE when the keyring could be read, whether or not it held
 *   a session ("signed-in" tells); %FALSE with %DIR_ACCOUNT_ERROR_KEYRING
 *   when there is no Secret Service or it refused.
 */
gboolean
dir_account_restore (DirAccount    *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_auto(Identity) identity = { 0 };
  char *secret = NULL;
  const char *lookup[] = { "hub", self->base_url, NULL };
  DirSecretStatus status;

  g_return_val_if_fail (DIR_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  status = dir_secret_lookup (dir_secret_session_schema (), lookup, &secret, &attributes,
                              cancellable, &local_error);
  if (status == DIR_SECRET_UNAVAILABLE)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_KEYRING,
                   _("The keyring could not be read: %s"), local_error->message);
      return FALSE;
    }

  if (status == DIR_SECRET_NOT_FOUND)
    {
      g_debug ("No session in the keyring for %s", self->base_url);
      return TRUE;
    }

  identity.username = intern_nullable (g_hash_table_lookup (attributes, "username"));
  identity.agency = intern_nullable (g_hash_table_lookup (attributes, "agency"));
  identity.role = dir_role_from_string (g_hash_table_lookup (attributes, "role"));
  identity.expires_at = dir_time_parse (g_hash_table_lookup (attributes, "expires_at"));
  now = g_date_time_new_now_utc ();

  if (!dir_http_token_is_valid (secret) || identity.role == DIR_ROLE_NONE ||
      identity.expires_at == NULL || g_date_time_compare (identity.expires_at, now) <= 0)
    {
      g_debug ("The session kept for %s has ended", self->base_url);
      dir_secret_free_string (secret);
      forget_keyring_item (self, -1);
      /* Who it was, for the sign-in dialog; nothing else. */
      identity.role = DIR_ROLE_NONE;
      g_clear_pointer (&identity.expires_at, g_date_time_unref);
      apply_identity (self, &identity, FALSE);
      return TRUE;
    }

  identity.token = secret;
  identity.remembered = TRUE;
  apply_identity (self, &identity, TRUE);

  return TRUE;
}

void
dir_account_restore_async (DirAccount          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIR_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_account_restore_async);
  g_task_set_name (task, "[dir] account restore");
  g_task_run_in_thread (task, restore_worker);
}

gboolean
dir_account_restore_finish (DirAccount    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DIR_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dir_account_sign_in_async:
 *
 * Signs in with POST /api/v1/session and keeps the token in the keyring.
 * With no Secret Service at all the sign-in still succeeds, the token
 * kept in memory only ("remembered" FALSE): the user signs in again next
 * time, and a headless `--sync-now` cannot use it.
 */
void
dir_account_sign_in_async (DirAccount          *self,
                           const char          *username,
                           const char          *password,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignIn *sign_in;

  g_return_if_fail (DIR_IS_ACCOUNT (self));
  g_return_if_fail (username != NULL);
  g_return_if_fail (password != NULL);

  sign_in = g_new0 (SignIn, 1);
  sign_in->username = g_strdup (username);
  sign_in->password = g_strdup (password);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_account_sign_in_async);
  g_task_set_name (task, "[dir] sign in");
  g_task_set_task_data (task, sign_in, sign_in_free);
  g_task_run_in_thread (task, sign_in_worker);
}

gboolean
dir_account_sign_in_finish (DirAccount    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (DIR_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dir_account_sign_out_async (DirAccount          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (DIR_IS_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dir_account_sign_out_async);
  g_task_set_name (task, "[dir] sign out");
  /* Forgetting locally must happen even if the caller gives up. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, sign_out_worker);
}

gboolean
dir_account_sign_out_finish (DirAccount    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (DIR_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
dir_account_mark_expired (DirAccount *self,
                          const char *token)
{
  guint generation;
  gboolean expired = FALSE;
  gboolean remembered;

  g_return_if_fail (DIR_IS_ACCOUNT (self));

  g_mutex_lock (&self->mutex);
  if (self->token != NULL && (token == NULL || g_strcmp0 (self->token, token) == 0))
    {
      dir_secret_free_string (g_steal_pointer (&self->token));
      self->signed_in = FALSE;
      expired = TRUE;
    }
  generation = self->generation;
  remembered = self->remembered;
  g_mutex_unlock (&self->mutex);

  /* An older token than the one held now: a new sign-in already won. */
  if (!expired)
    return;

  g_debug ("The hub refused the session for %s: sign-in required", self->base_url);
  if (remembered)
    forget_keyring_item (self, generation);

  dispatch (self, 1u << PROP_SIGNED_IN, TRUE);
}
