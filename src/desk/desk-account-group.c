/* desk-account-group.c
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

#include "dir-referral.h"

#include "desk-account-group.h"
#include "desk-sign-in-dialog.h"

struct _DeskAccountGroup
{
  AdwPreferencesGroup  parent_instance;

  DirAccount          *account;
  GtkWidget           *user_row;
  GtkWidget           *expiry_row;
  GtkWidget           *sign_in_button;
  GtkWidget           *sign_out_button;
  GtkWidget           *avatar;
  DeskSignInDialog    *dialog;       /* while one is open (weak) */
};

G_DEFINE_FINAL_TYPE (DeskAccountGroup, desk_account_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
update (DeskAccountGroup *self)
{
  gboolean signed_in = dir_account_get_signed_in (self->account);
  const char *username = dir_account_get_username (self->account);
  const char *agency = dir_account_get_agency (self->account);
  const char *role = dir_role_label (dir_account_get_role (self->account));
  GDateTime *expires = dir_account_get_expires_at (self->account);

  if (signed_in)
    {
      g_autofree char *subtitle = NULL;

      if (role != NULL && agency != NULL)
        /* Translators: the role, then the agency: "Referrer · Bedford Probation" */
        subtitle = g_strdup_printf (_("%s · %s"), role, agency);
      else
        subtitle = g_strdup (role != NULL ? role : agency != NULL ? agency : "");

      if (!dir_account_get_remembered (self->account))
        {
          g_autofree char *with_note = g_strdup_printf ("%s\n%s", subtitle,
                                                        _("Not kept after the desk closes: "
                                                          "there is no keyring to keep it in."));

          g_free (subtitle);
          subtitle = g_steal_pointer (&with_note);
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row),
                                     username != NULL ? username : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->user_row), subtitle);
      adw_avatar_set_text (ADW_AVATAR (self->avatar), username);
      adw_avatar_set_show_initials (ADW_AVATAR (self->avatar), username != NULL);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->user_row), _("Not signed in"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->user_row),
                                   _("Sign in to send referrals and see what the hub says "
                                     "about them. Everything else works without."));
      adw_avatar_set_text (ADW_AVATAR (self->avatar), NULL);
      adw_avatar_set_show_initials (ADW_AVATAR (self->avatar), FALSE);
    }

  if (signed_in && expires != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (expires);
      g_autofree char *when = g_date_time_format (local, "%d/%m/%Y %H:%M");

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->expiry_row), when);
      gtk_widget_set_visible (self->expiry_row, TRUE);
    }
  else
    gtk_widget_set_visible (self->expiry_row, FALSE);

  gtk_widget_set_visible (self->sign_in_button, !signed_in);
  gtk_widget_set_visible (self->sign_out_button, signed_in);
}

static void
present_dialog (DeskAccountGroup *self,
                const char       *reason)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->dialog == NULL)
    {
      self->dialog = desk_sign_in_dialog_new (self->account);
      g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (GTK_WINDOW (self->dialog), GTK_WINDOW (root));
    }

  desk_sign_in_dialog_set_reason (self->dialog, reason);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

static void
on_sign_in_clicked_cb (DeskAccountGroup *self)
{
  present_dialog (self, NULL);
}

static void
sign_out_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DeskAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dir_account_sign_out_finish (DIR_ACCOUNT (source), result, &error))
    g_warning ("Signing out: %s", error->message);

  gtk_widget_set_sensitive (self->sign_out_button, TRUE);
  update (self);
}

static void
on_sign_out_clicked_cb (DeskAccountGroup *self)
{
  gtk_widget_set_sensitive (self->sign_out_button, FALSE);
  dir_account_sign_out_async (self->account, NULL, sign_out_cb, g_object_ref (self));
}

static void
on_sign_in_required_cb (DeskAccountGroup *self)
{
  present_dialog (self, _("Your session with the hub has ended. Sign in again to send "
                          "referrals."));
}

static void
desk_account_group_constructed (GObject *object)
{
  DeskAccountGroup *self = DESK_ACCOUNT_GROUP (object);
  const char *notify[] = { "notify::signed-in", "notify::username", "notify::role",
                           "notify::agency", "notify::expires-at", "notify::remembered" };

  G_OBJECT_CLASS (desk_account_group_parent_class)->constructed (object);

  g_assert (DIR_IS_ACCOUNT (self->account));

  for (guint i = 0; i < G_N_ELEMENTS (notify); i++)
    g_signal_connect_object (self->account, notify[i], G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (self->account, "sign-in-required",
                           G_CALLBACK (on_sign_in_required_cb), self, G_CONNECT_SWAPPED);

  update (self);
}

static void
desk_account_group_dispose (GObject *object)
{
  DeskAccountGroup *self = DESK_ACCOUNT_GROUP (object);

  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }

  G_OBJECT_CLASS (desk_account_group_parent_class)->dispose (object);
}

static void
desk_account_group_finalize (GObject *object)
{
  DeskAccountGroup *self = DESK_ACCOUNT_GROUP (object);

  g_clear_object (&self->account);

  G_OBJECT_CLASS (desk_account_group_parent_class)->finalize (object);
}

static void
desk_account_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  DeskAccountGroup *self = DESK_ACCOUNT_GROUP (object);

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
desk_account_group_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  DeskAccountGroup *self = DESK_ACCOUNT_GROUP (object);

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
desk_account_group_class_init (DeskAccountGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = desk_account_group_constructed;
  object_class->dispose = desk_account_group_dispose;
  object_class->finalize = desk_account_group_finalize;
  object_class->get_property = desk_account_group_get_property;
  object_class->set_property = desk_account_group_set_property;

  properties [PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, DIR_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Few widgets, all made here: no template. */
static void
desk_account_group_init (DeskAccountGroup *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Hub Account"));

  self->user_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->user_row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->user_row), 0);
  self->avatar = adw_avatar_new (40, NULL, FALSE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->user_row), self->avatar);

  self->sign_in_button = gtk_button_new_with_mnemonic (_("_Sign In…"));
  gtk_widget_add_css_class (self->sign_in_button, "suggested-action");
  g_signal_connect_swapped (self->sign_in_button, "clicked",
                            G_CALLBACK (on_sign_in_clicked_cb), self);
  self->sign_out_button = gtk_button_new_with_mnemonic (_("Sign _Out"));
  g_signal_connect_swapped (self->sign_out_button, "clicked",
                            G_CALLBACK (on_sign_out_clicked_cb), self);
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), self->sign_in_button);
  gtk_box_append (GTK_BOX (buttons), self->sign_out_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->user_row), buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->user_row);

  self->expiry_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expiry_row), _("Session ends"));
  adw_action_row_set_icon_name (ADW_ACTION_ROW (self->expiry_row), "task-due-symbolic");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->expiry_row);
}

DeskAccountGroup *
desk_account_group_new (DirAccount *account)
{
  g_return_val_if_fail (DIR_IS_ACCOUNT (account), NULL);

  return g_object_new (DESK_TYPE_ACCOUNT_GROUP, "account", account, NULL);
}
