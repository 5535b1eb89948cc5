/* desk-handout-dialog.c
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

#include "desk-format.h"
#include "desk-handout-dialog.h"
#include "desk-window.h"

/* Asks what the handout needs that the desk cannot know: the language the
 * client reads (not the desk's) and whether they need large print; then
 * prints it or saves it as a PDF. */
struct _DeskHandoutDialog
{
  AdwMessageDialog  parent_instance;

  GListModel       *services;

  AdwComboRow      *language_row;
  GtkSwitch        *large_print_switch;
};

G_DEFINE_FINAL_TYPE (DeskHandoutDialog, desk_handout_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* What a save or print needs once the dialog has gone. */
typedef struct
{
  GtkWindow        *parent;
  GListModel       *services;
  char             *language;
  DeskHandoutStyle  style;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->parent);
  g_clear_object (&job->services);
  g_free (job->language);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
show_error (GtkWindow  *parent,
            const char *heading,
            GError     *error)
{
  GtkWidget *alert = adw_message_dialog_new (parent, heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

static void
show_done (GtkWindow  *parent,
           const char *message)
{
  if (DESK_IS_WINDOW (parent))
    desk_window_add_toast (DESK_WINDOW (parent), message);
}

static void
print_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(GError) error = NULL;

  if (desk_handout_print_finish (result, &error))
    show_done (job->parent, _("Handout sent to the printer"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (job->parent, _("The Handout Could Not Be Printed"), error);
}

static void
on_save_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Job             *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    {
      if (desk_handout_export_pdf (job->services, job->language, job->style, path, &error))
        show_done (job->parent, _("Handout saved"));
      else
        show_error (job->parent, _("The Handout Could Not Be Saved"), error);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save (Job *job)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;

  chooser = gtk_file_chooser_native_new (_("Save Handout"), job->parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* Translators: file name of a saved handout; %s is a language code such as "pl".
   * Never put a client's name here. */
  name = g_strdup_printf (_("handout-%s.pdf"), job->language);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  g_signal_connect_data (chooser, "response", G_CALLBACK (on_save_response_cb), job,
                         (GClosureNotify) (void (*) (void)) job_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
update_language_subtitle (DeskHandoutDialog *self)
{
  const char *language = desk_handout_dialog_get_language (self);

  if (desk_handout_has_translation (language))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->language_row), "");
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->language_row),
                                 /* Translators: under the client's language in the handout
                                  * dialog, when the handout's own words have no translation */
                                 _("Headings in English: not translated yet"));
}

static void
on_language_selected_cb (DeskHandoutDialog *self)
{
  update_language_subtitle (self);
}

static void
desk_handout_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  DeskHandoutDialog *self = DESK_HANDOUT_DIALOG (dialog);
  Job *job;

  if (!g_str_equal (response, "save") && !g_str_equal (response, "print"))
    return;

  job = g_new0 (Job, 1);
  g_set_object (&job->parent, gtk_window_get_transient_for (GTK_WINDOW (self)));
  job->services = g_object_ref (self->services);
  job->language = g_strdup (desk_handout_dialog_get_language (self));
  job->style = desk_handout_dialog_get_style (self);

  if (g_str_equal (response, "save"))
    save (job);
  else
    desk_handout_print_async (job->parent, job->services, job->language, job->style,
                              NULL, print_cb, job);
}

static void
desk_handout_dialog_dispose (GObject *object)
{
  DeskHandoutDialog *self = (DeskHandoutDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_HANDOUT_DIALOG);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (desk_handout_dialog_parent_class)->dispose (object);
}

static void
desk_handout_dialog_class_init (DeskHandoutDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = desk_handout_dialog_dispose;
  dialog_class->response = desk_handout_dialog_response;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-handout-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskHandoutDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, DeskHandoutDialog, large_print_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_language_selected_cb);
}

static void
desk_handout_dialog_init (DeskHandoutDialog *self)
{
  const char * const *languages = desk_handout_get_languages ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *name = desk_format_language (languages[i]);

      gtk_string_list_append (names, name);
    }
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));
}

/**
 * desk_handout_dialog_new:
 * @parent: (nullable): the window the handout is printed from
 * @services: the #DirService to put on it, in order
 *
 * The language starts as the directory language the desk shows
 * (GSettings content-language) when the handout offers it, else English.
 */
DeskHandoutDialog *
desk_handout_dialog_new (GtkWindow  *parent,
                         GListModel *services)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.directionhub.Desk");
  g_autofree char *content_language = g_settings_get_string (settings, "content-language");
  DeskHandoutDialog *self;
  guint n;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (services), NULL);

  self = g_object_new (DESK_TYPE_HANDOUT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->services = g_object_ref (services);

  n = g_list_model_get_n_items (services);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  ngettext ("%u service, in the client’s language beside the English.",
                                            "%u services, in the client’s language beside the English.",
                                            n),
                                  n);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", n > 0);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "print", n > 0);

  desk_handout_dialog_set_language (self, content_language);
  update_language_subtitle (self);

  return self;
}

const char *
desk_handout_dialog_get_language (DeskHandoutDialog *self)
{
  const char * const *languages = desk_handout_get_languages ();
  guint selected;

  g_return_val_if_fail (DESK_IS_HANDOUT_DIALOG (self), NULL);

  selected = adw_combo_row_get_selected (self->language_row);
  if (selected >= g_strv_length ((char **) languages))
    return languages[0];

  return languages[selected];
}

/* Selects the language, or English if the handout does not offer it. */
void
desk_handout_dialog_set_language (DeskHandoutDialog *self,
                                  const char        *language)
{
  const char * const *languages = desk_handout_get_languages ();
  guint index = 0;

  g_return_if_fail (DESK_IS_HANDOUT_DIALOG (self));

  for (guint i = 0; language != NULL && languages[i] != NULL; i++)
    if (g_str_equal (languages[i], language))
      index = i;

  adw_combo_row_set_selected (self->language_row, index);
}

DeskHandoutStyle
desk_handout_dialog_get_style (DeskHandoutDialog *self)
{
  g_return_val_if_fail (DESK_IS_HANDOUT_DIALOG (self), DESK_HANDOUT_STYLE_STANDARD);

  return gtk_switch_get_active (self->large_print_switch) ? DESK_HANDOUT_STYLE_LARGE_PRINT
                                                          : DESK_HANDOUT_STYLE_STANDARD;
}

void
desk_handout_dialog_set_style (DeskHandoutDialog *self,
                               DeskHandoutStyle   style)
{
  g_return_if_fail (DESK_IS_HANDOUT_DIALOG (self));

  gtk_switch_set_active (self->large_print_switch, style == DESK_HANDOUT_STYLE_LARGE_PRINT);
}
