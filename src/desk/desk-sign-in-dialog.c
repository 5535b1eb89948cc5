/* desk-sign-in-dialog.c
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

#include <glib/gi18n.h>
#include <string.h>

#include "dir-hub.h"

#include "desk-sign-in-dialog.h"

struct _DeskSignInDialog
{
  AdwWindow            parent_instance;

  DirAccount          *account;
  GCancellable        *cancellable;
  guint                retry_id;
  gint64               retry_at;       /* monotonic µs; 0 when not rate-limited */
  gboolean             busy;

  /* Template widgets */
  AdwPreferencesGroup *group;
  AdwEntryRow         *username_row;
  AdwEntryRow         *password_row;
  GtkLabel            *error_label;
  GtkWidget           *sign_in_button;
  GtkStack            *button_stack;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (DeskSignInDialog, desk_sign_in_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* "… try again in 300 seconds": the hub's Retry-After, as its message says it. */
static guint
parse_retry_seconds (const char *message)
{
  const char *p = message != NULL ? strstr (message, "again in ") : NULL;

  if (p == NULL)
    return 0;

  p += strlen ("again in ");
  return (guint) MIN (g_ascii_strtoull (p, NULL, 10), G_MAXUINT);
}

static char *
format_wait (guint seconds)
{
  guint minutes = (seconds + 59) / 60;

  if (seconds < 60)
    return g_strdup_printf (ngettext ("%u second", "%u seconds", seconds), seconds);

  return g_strdup_printf (ngettext ("%u minute", "%u minutes", minutes), minutes);
}

char *
desk_sign_in_error_message (const GError *error,
                            guint        *out_retry_seconds)
{
  guint retry = 0;
  char *message;

  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, DIR_HUB_ERROR, DIR_HUB_ERROR_NETWORK))
    message = g_strdup (_("The hub cannot be reached. Check the network connection and try "
                          "again; you can go on working offline."));
  else if (g_error_matches (error, DIR_HUB_ERROR, DIR_HUB_ERROR_INVALID_URL))
    message = g_strdup (_("The hub’s address is not set up. Ask whoever looks after the desk."));
  else if (g_error_matches (error, DIR_ACCOUNT_ERROR, DIR_ACCOUNT_ERROR_KEYRING))
    message = g_strdup_printf (_("The sign-in cannot be kept safe: the keyring is not "
                                 "available (%s)."), error->message);
  else if (g_error_matches (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP) &&
           (strstr (error->message, " 429 ") != NULL ||
            strstr (error->message, "Too many") != NULL))
    {
      g_autofree char *wait = NULL;

      retry = parse_retry_seconds (error->message);
      if (retry > 0)
        {
          wait = format_wait (retry);
          /* Translators: %s is a wait, "5 minutes" */
          message = g_strdup_printf (_("Too many attempts. Try again in %s."), wait);
        }
      else
        message = g_strdup (_("Too many attempts. Wait a few minutes and try again."));
    }
  else if (g_error_matches (error, DIR_HUB_ERROR, DIR_HUB_ERROR_HTTP) &&
           (strstr (error->message, " 401 ") != NULL ||
            strstr (error->message, "user name or password") != NULL ||
            strstr (error->message, "invalid_credentials") != NULL))
    message = g_strdup (_("The user name or the password is wrong."));
  else
    /* Translators: the hub's own words follow */
    message = g_strdup_printf (_("The hub did not sign you in: %s"), error->message);

  if (out_retry_seconds != NULL)
    *out_retry_seconds = retry;

  return message;
}

static void
show_error (DeskSignInDialog *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
update_sensitivity (DeskSignInDialog *self)
{
  const char *username = gtk_editable_get_text (GTK_EDITABLE (self->username_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in",
                                 !self->busy && self->retry_at == 0 &&
                                 username[0] != '\0' && password[0] != '\0');
  gtk_widget_set_sensitive (GTK_WIDGET (self->group), !self->busy);
  gtk_stack_set_visible_child_name (self->button_stack, self->busy ? "spinner" : "label");
  gtk_spinner_set_spinning (self->spinner, self->busy);
}

static gboolean
retry_tick_cb (gpointer user_data)
{
  DeskSignInDialog *self = user_data;
  gint64 left = self->retry_at - g_get_monotonic_time ();

  if (left <= 0)
    {
      self->retry_id = 0;
      self->retry_at = 0;
      show_error (self, NULL);
      update_sensitivity (self);
      return G_SOURCE_REMOVE;
    }
  else
    {
      g_autofree char *wait = format_wait ((guint) ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC));
      g_autofree char *message = g_strdup_printf (_("Too many attempts. Try again in %s."), wait);

      show_error (self, message);
      return G_SOURCE_CONTINUE;
    }
}

static void
sign_in_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DeskSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint retry = 0;

  if (dir_account_sign_in_finish (DIR_ACCOUNT (source), result, &error))
    {
      self->busy = FALSE;
      update_sensitivity (self);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  message = desk_sign_in_error_message (error, &retry);
  show_error (self, message);

  if (retry > 0)
    {
      self->retry_at = g_get_monotonic_time () + (gint64) retry * G_USEC_PER_SEC;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add_seconds (1, retry_tick_cb, self);
    }

  update_sensitivity (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DeskSignInDialog *self = DESK_SIGN_IN_DIALOG (widget);
  g_autofree char *username = NULL;

  if (self->busy || self->retry_at != 0)
    return;

  username = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->username_row))));
  self->busy = TRUE;
  show_error (self, NULL);
  update_sensitivity (self);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  dir_account_sign_in_async (self->account, username,
                             gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                             self->cancellable, sign_in_cb, g_object_ref (self));
}

static void
on_text_changed_cb (DeskSignInDialog *self)
{
  update_sensitivity (self);
}

static void
desk_sign_in_dialog_constructed (GObject *object)
{
  DeskSignInDialog *self = DESK_SIGN_IN_DIALOG (object);
  const char *username = dir_account_get_username (self->account);
  const char *base_url = dir_account_get_base_url (self->account);

  G_OBJECT_CLASS (desk_sign_in_dialog_parent_class)->constructed (object);

  if (base_url != NULL)
    {
      /* Translators: %s is the hub's address */
      g_autofree char *description = g_strdup_printf (_("Hub: %s"), base_url);

      adw_preferences_group_set_description (self->group, description);
    }

  if (username != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->username_row), username);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->username_row));

  update_sensitivity (self);
}

static void
desk_sign_in_dialog_dispose (GObject *object)
{
  DeskSignInDialog *self = DESK_SIGN_IN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);

  G_OBJECT_CLASS (desk_sign_in_dialog_parent_class)->dispose (object);
}

static void
desk_sign_in_dialog_finalize (GObject *object)
{
  DeskSignInDialog *self = DESK_SIGN_IN_DIALOG (object);

  g_clear_object (&self->account);

  G_OBJECT_CLASS (desk_sign_in_dialog_parent_class)->finalize (object);
}

static void
desk_sign_in_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  DeskSignInDialog *self = DESK_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_sign_in_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  DeskSignInDialog *self = DESK_SIGN_IN_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_sign_in_dialog_class_init (DeskSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = desk_sign_in_dialog_constructed;
  object_class->dispose = desk_sign_in_dialog_dispose;
  object_class->finalize = desk_sign_in_dialog_finalize;
  object_class->get_property = desk_sign_in_dialog_get_property;
  object_class->set_property = desk_sign_in_dialog_set_property;

  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, DIR_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, group);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, username_row);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, button_stack);
  gtk_widget_class_bind_template_child (widget_class, DeskSignInDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_text_changed_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
desk_sign_in_dialog_init (DeskSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DeskSignInDialog *
desk_sign_in_dialog_new (DirAccount *account)
{
  g_return_val_if_fail (DIR_IS_ACCOUNT (account), NULL);

  return g_object_new (DESK_TYPE_SIGN_IN_DIALOG, "account", account, NULL);
}

void
desk_sign_in_dialog_set_reason (DeskSignInDialog *self,
                                const char       *reason)
{
  g_return_if_fail (DESK_IS_SIGN_IN_DIALOG (self));

  adw_preferences_group_set_title (self->group, reason != NULL ? reason : "");
}
