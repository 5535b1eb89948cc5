/* desk-filter-panel.c
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

#include "desk-filter-panel.h"
#include "desk-format.h"

/* Who the client is and what the service must offer: pathways (two
 * levels, a parent selects all its children), gender, age, risk, stage,
 * self-referral, language, open on a day, closed services.  Every change
 * emits ::changed; desk_filter_panel_apply() puts the filters in a query.
 * With settings bound, the filters are saved as they change and loaded
 * at start.
 *
 * The panel's widgets (its template and some 80 pathway rows of check
 * buttons: most of the window's making) are only built when the panel is
 * first shown or changed (desk_filter_panel_prepare()).  Until then the
 * filters are the ones saved in settings (none without settings), the
 * chosen pathways kept as codes, so the window's first frame does not
 * wait for them. */
struct _DeskFilterPanel
{
  GtkWidget          parent_instance;

  GSettings         *settings;
  GHashTable        *checks;          /* pathway code -> GtkCheckButton */
  GStrv              pending_pathways; /* chosen codes while the rows are not built */
  GPtrArray         *parents;         /* GtkCheckButton of top-level pathways */
  GtkCheckButton    *stage_checks[4];
  GPtrArray         *language_codes;  /* codes in language_model order after "Any" */
  char              *language;        /* the chosen code, or NULL */
  guint              n_active;

  guint              loading : 1;
  guint              updating_pathways : 1;
  guint              built : 1;

  /* Template widgets */
  AdwComboRow       *gender_row;
  AdwEntryRow       *age_row;
  AdwComboRow       *risk_row;
  AdwComboRow       *language_row;
  GtkStringList     *language_model;
  AdwPreferencesGroup *stage_group;
  GtkSwitch         *self_referral_switch;
  GtkSwitch         *closed_switch;
  AdwExpanderRow    *open_row;
  GtkMenuButton     *date_button;
  GtkCalendar       *calendar;
  GtkSpinButton     *hour_spin;
  GtkSpinButton     *minute_spin;
  AdwPreferencesGroup *pathway_group;
  GtkWidget         *clear_button;
};

G_DEFINE_FINAL_TYPE (DeskFilterPanel, desk_filter_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_ACTIVE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const struct {
  DirStageFlags  flag;
  const char    *key;
  const char    *label;
} stages[] = {
  { DIR_STAGE_CUSTODY, "custody", N_("In custody") },
  { DIR_STAGE_GATE, "gate", N_("Through the gate") },
  { DIR_STAGE_COMMUNITY, "community", N_("In the community") },
  { DIR_STAGE_COURT, "court", N_("At court") },
};

static const char * const gender_keys[] = { "any", "women", "men" };
static const DirGender genders[] = { DIR_GENDER_ANY, DIR_GENDER_WOMEN, DIR_GENDER_MEN };
static const char * const risk_keys[] = { "any", "low", "medium", "high", "very-high" };
static const DirRiskFlags risks[] = {
  0, DIR_RISK_LOW, DIR_RISK_MEDIUM, DIR_RISK_HIGH, DIR_RISK_VERY_HIGH
};

static GPtrArray *
get_children (GtkCheckButton *parent)
{
  return g_object_get_data (G_OBJECT (parent), "desk-children");
}

/* The client's age, -1 for none; FALSE when the text is not an age. */
static gboolean
get_age (DeskFilterPanel *self,
         int             *age)
{
  g_autofree char *text = NULL;
  guint64 value = 0;

  *age = -1;
  if (!self->built)
    {
      /* As the row would read it: "%d" of what was saved. */
      int saved = self->settings != NULL ? g_settings_get_int (self->settings, "filter-age") : -1;

      if (saved < 0)
        return TRUE;
      if (saved > 130)
        return FALSE;
      *age = saved;
      return TRUE;
    }

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->age_row))));
  if (text[0] == '\0')
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, 130, &value, NULL))
    return FALSE;

  *age = (int) value;
  return TRUE;
}

/* The codes as the rows would give them back once checked: known codes
 * only, in the taxonomy's order, a parent for all its children. */
static GStrv
normalize_pathways (const char * const *codes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const DirPathway *all;
  guint n_pathways = 0;

  all = dir_taxonomy_get_all (&n_pathways);
  for (guint i = 0; codes != NULL && i < n_pathways; i++)
    {
      const DirPathway *top = &all[i];
      guint n_children = 0;
      guint n_chosen = 0;

      if (top->parent != NULL)
        continue;

      for (guint j = 0; j < n_pathways; j++)
        if (g_strcmp0 (all[j].parent, top->code) == 0)
          {
            n_children++;
            n_chosen += g_strv_contains (codes, all[j].code);
          }

      if (g_strv_contains (codes, top->code) || (n_children > 0 && n_chosen == n_children))
        {
          g_strv_builder_add (builder, top->code);
          continue;
        }

      for (guint j = 0; j < n_pathways; j++)
        if (g_strcmp0 (all[j].parent, top->code) == 0 && g_strv_contains (codes, all[j].code))
          g_strv_builder_add (builder, all[j].code);
    }

  return g_strv_builder_end (builder);
}

/* Codes of the chosen pathways: a parent whose children are all chosen
 * stands for them. */
static GStrv
get_pathways (DeskFilterPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!self->built)
    return normalize_pathways ((const char * const *) self->pending_pathways);

  for (guint i = 0; i < self->parents->len; i++)
    {
      GtkCheckButton *parent = g_ptr_array_index (self->parents, i);
      GPtrArray *children = get_children (parent);

      if (gtk_check_button_get_active (parent) && !gtk_check_button_get_inconsistent (parent))
        {
          g_strv_builder_add (builder, g_object_get_data (G_OBJECT (parent), "desk-code"));
          continue;
        }

      for (guint j = 0; j < children->len; j++)
        {
          GtkCheckButton *child = g_ptr_array_index (children, j);

          if (gtk_check_button_get_active (child))
            g_strv_builder_add (builder, g_object_get_data (G_OBJECT (child), "desk-code"));
        }
    }

  return g_strv_builder_end (builder);
}

static DirStageFlags
get_stages (DeskFilterPanel *self)
{
  g_auto(GStrv) saved = NULL;
  DirStageFlags flags = 0;

  if (!self->built && self->settings != NULL)
    saved = g_settings_get_strv (self->settings, "filter-stages");

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (self->built ? gtk_check_button_get_active (self->stage_checks[i])
                    : saved != NULL && g_strv_contains ((const char * const *) saved, stages[i].key))
      flags |= stages[i].flag;

  return flags;
}

/* The position of the saved key in keys, as the combo row would select it. */
static guint
get_saved_index (DeskFilterPanel    *self,
                 const char         *key,
                 const char * const *keys,
                 guint               n_keys)
{
  g_autofree char *value = NULL;

  if (self->settings == NULL)
    return 0;

  value = g_settings_get_string (self->settings, key);
  for (guint i = 0; i < n_keys; i++)
    if (g_strcmp0 (value, keys[i]) == 0)
      return i;

  return 0;
}

static guint
get_gender (DeskFilterPanel *self)
{
  if (!self->built)
    return get_saved_index (self, "filter-gender", gender_keys, G_N_ELEMENTS (gender_keys));

  return adw_combo_row_get_selected (self->gender_row);
}

static guint
get_risk (DeskFilterPanel *self)
{
  if (!self->built)
    return get_saved_index (self, "filter-risk", risk_keys, G_N_ELEMENTS (risk_keys));

  return adw_combo_row_get_selected (self->risk_row);
}

/* A switch's state, or the saved key's before the panel is built. */
static gboolean
get_switch (DeskFilterPanel *self,
            GtkSwitch       *widget,
            const char      *key)
{
  if (!self->built)
    return self->settings != NULL && g_settings_get_boolean (self->settings, key);

  return gtk_switch_get_active (widget);
}

static gboolean
get_open_enabled (DeskFilterPanel *self)
{
  if (!self->built)
    return self->settings != NULL && g_settings_get_boolean (self->settings, "filter-open-enabled");

  return adw_expander_row_get_enable_expansion (self->open_row);
}

/* The saved day services must be open, today if none or unreadable (as
 * the calendar starts). */
static GDateTime *
dup_saved_date (DeskFilterPanel *self)
{
  g_autofree char *date_text = g_settings_get_string (self->settings, "filter-open-date");
  GDateTime *date = NULL;

  if (date_text[0] != '\0')
    {
      g_autofree char *iso = g_strconcat (date_text, "T12:00:00", NULL);
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();

      date = g_date_time_new_from_iso8601 (iso, local);
    }

  return date != NULL ? date : g_date_time_new_now_local ();
}

static GDateTime *
get_open_at (DeskFilterPanel *self)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GTimeZone) london = NULL;

  int hour;
  int minute;

  if (!get_open_enabled (self))
    return NULL;

  if (self->built)
    {
      date = gtk_calendar_get_date (self->calendar);
      hour = gtk_spin_button_get_value_as_int (self->hour_spin);
      minute = gtk_spin_button_get_value_as_int (self->minute_spin);
    }
  else
    {
      int minutes = g_settings_get_int (self->settings, "filter-open-time");

      date = dup_saved_date (self);
      hour = CLAMP (minutes / 60, 0, 23);
      minute = CLAMP (minutes % 60, 0, 59);
    }

  /* The time staff choose is the time in Bedfordshire. */
  london = g_time_zone_new_identifier ("Europe/London");
  if (london == NULL)
    london = g_time_zone_new_local ();

  return g_date_time_new (london,
                          g_date_time_get_year (date),
                          g_date_time_get_month (date),
                          g_date_time_get_day_of_month (date),
                          hour, minute, 0);
}

static guint
count_active (DeskFilterPanel *self)
{
  g_auto(GStrv) pathways = get_pathways (self);
  int age;
  guint n = 0;

  n += pathways[0] != NULL;
  n += get_gender (self) > 0;
  n += get_age (self, &age) && age >= 0;
  n += get_risk (self) > 0;
  n += get_stages (self) != 0;
  n += get_switch (self, self->self_referral_switch, "filter-self-referral");
  n += self->language != NULL;
  n += get_open_enabled (self);
  n += get_switch (self, self->closed_switch, "filter-show-closed");

  return n;
}

static void
save_settings (DeskFilterPanel *self)
{
  g_auto(GStrv) pathways = get_pathways (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) stage_keys = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *date_text = NULL;
  int age;
  guint gender = adw_combo_row_get_selected (self->gender_row);
  guint risk = adw_combo_row_get_selected (self->risk_row);

  if (self->settings == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    if (gtk_check_button_get_active (self->stage_checks[i]))
      g_strv_builder_add (builder, stages[i].key);
  stage_keys = g_strv_builder_end (builder);

  date = gtk_calendar_get_date (self->calendar);
  date_text = g_date_time_format (date, "%Y-%m-%d");

  if (!get_age (self, &age))
    age = -1;

  g_settings_delay (self->settings);
  g_settings_set_strv (self->settings, "filter-pathways", (const char * const *) pathways);
  g_settings_set_string (self->settings, "filter-gender",
                         gender_keys[MIN (gender, G_N_ELEMENTS (gender_keys) - 1)]);
  g_settings_set_int (self->settings, "filter-age", age);
  g_settings_set_string (self->settings, "filter-risk",
                         risk_keys[MIN (risk, G_N_ELEMENTS (risk_keys) - 1)]);
  g_settings_set_strv (self->settings, "filter-stages", (const char * const *) stage_keys);
  g_settings_set_boolean (self->settings, "filter-self-referral",
                          gtk_switch_get_active (self->self_referral_switch));
  g_settings_set_string (self->settings, "filter-language",
                         self->language != NULL ? self->language : "");
  g_settings_set_boolean (self->settings, "filter-show-closed",
                          gtk_switch_get_active (self->closed_switch));
  g_settings_set_boolean (self->settings, "filter-open-enabled",
                          adw_expander_row_get_enable_expansion (self->open_row));
  g_settings_set_string (self->settings, "filter-open-date", date_text);
  g_settings_set_int (self->settings, "filter-open-time",
                      gtk_spin_button_get_value_as_int (self->hour_spin) * 60 +
                      gtk_spin_button_get_value_as_int (self->minute_spin));
  g_settings_apply (self->settings);
}

static void
update_date_label (DeskFilterPanel *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  /* Translators: the date services must be open on, strftime format */
  g_autofree char *text = g_date_time_format (date, _("%a %-d %b %Y"));

  gtk_menu_button_set_label (self->date_button, text);
}

static void
emit_changed (DeskFilterPanel *self)
{
  guint n_active;

  if (self->loading)
    return;

  n_active = count_active (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filters.clear", n_active > 0);
  if (n_active != self->n_active)
    {
      self->n_active = n_active;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ACTIVE]);
    }

  save_settings (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
update_parent (DeskFilterPanel *self,
               GtkCheckButton  *parent)
{
  GPtrArray *children = get_children (parent);
  AdwExpanderRow *row = g_object_get_data (G_OBJECT (parent), "desk-row");
  g_autofree char *subtitle = NULL;
  guint n_checked = 0;

  for (guint i = 0; i < children->len; i++)
    n_checked += gtk_check_button_get_active (g_ptr_array_index (children, i));

  self->updating_pathways = TRUE;
  if (children->len > 0)
    {
      gtk_check_button_set_active (parent, n_checked == children->len);
      gtk_check_button_set_inconsistent (parent, n_checked > 0 && n_checked < children->len);
    }
  self->updating_pathways = FALSE;

  if (gtk_check_button_get_active (parent) && !gtk_check_button_get_inconsistent (parent))
    subtitle = g_strdup (_("All selected"));
  else if (n_checked > 0)
    /* Translators: how many sub-pathways of a pathway are selected */
    subtitle = g_strdup_printf (ngettext ("%u selected", "%u selected", n_checked), n_checked);
  adw_expander_row_set_subtitle (row, subtitle != NULL ? subtitle : "");
}

static void
on_parent_toggled_cb (DeskFilterPanel *self,
                      GtkCheckButton  *parent)
{
  GPtrArray *children = get_children (parent);
  gboolean active = gtk_check_button_get_active (parent);

  if (self->updating_pathways)
    return;

  /* A parent selects (or clears) all its children. */
  self->updating_pathways = TRUE;
  gtk_check_button_set_inconsistent (parent, FALSE);
  for (guint i = 0; i < children->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (children, i), active);
  self->updating_pathways = FALSE;

  update_parent (self, parent);
  emit_changed (self);
}

static void
on_child_toggled_cb (DeskFilterPanel *self,
                     GtkCheckButton  *child)
{
  if (self->updating_pathways)
    return;

  update_parent (self, g_object_get_data (G_OBJECT (child), "desk-parent"));
  emit_changed (self);
}

static void
on_filter_changed_cb (DeskFilterPanel *self)
{
  g_assert (DESK_IS_FILTER_PANEL (self));

  emit_changed (self);
}

static void
on_language_selected_cb (DeskFilterPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  if (self->loading)
    return;

  g_clear_pointer (&self->language, g_free);
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 &&
      selected - 1 < self->language_codes->len)
    self->language = g_strdup (g_ptr_array_index (self->language_codes, selected - 1));

  emit_changed (self);
}

static void
on_age_changed_cb (DeskFilterPanel *self)
{
  int age;

  if (get_age (self, &age))
    gtk_widget_remove_css_class (GTK_WIDGET (self->age_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->age_row), "error");

  emit_changed (self);
}

static void
on_day_selected_cb (DeskFilterPanel *self)
{
  update_date_label (self);
  gtk_menu_button_popdown (self->date_button);
  emit_changed (self);
}

static gboolean
on_time_spin_output_cb (GtkSpinButton *spin,
                        gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
on_now_clicked_cb (DeskFilterPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->loading = TRUE;
  gtk_calendar_select_day (self->calendar, now);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (now));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (now));
  adw_expander_row_set_enable_expansion (self->open_row, TRUE);
  self->loading = FALSE;

  update_date_label (self);
  emit_changed (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  desk_filter_panel_clear (DESK_FILTER_PANEL (widget));
}

static void
add_pathways (DeskFilterPanel *self)
{
  const DirPathway *all;
  guint n_pathways = 0;

  all = dir_taxonomy_get_all (&n_pathways);

  for (guint i = 0; i < n_pathways; i++)
    {
      const DirPathway *top = &all[i];
      GtkWidget *row;
      GtkWidget *check;
      GPtrArray *children;

      if (top->parent != NULL)
        continue;

      row = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(top->label));
      adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (row), top->icon_name);

      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(top->label),
                                      -1);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), check);

      children = g_ptr_array_new ();
      g_object_set_data_full (G_OBJECT (check), "desk-children", children,
                              (GDestroyNotify) g_ptr_array_unref);
      g_object_set_data (G_OBJECT (check), "desk-code", (gpointer) top->code);
      g_object_set_data (G_OBJECT (check), "desk-row", row);
      g_hash_table_insert (self->checks, (gpointer) top->code, check);
      g_ptr_array_add (self->parents, check);

      for (guint j = 0; j < n_pathways; j++)
        {
          const DirPathway *sub = &all[j];
          GtkWidget *sub_row;
          GtkWidget *sub_check;

          if (g_strcmp0 (sub->parent, top->code) != 0)
            continue;

          sub_row = adw_action_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sub_row), _(sub->label));
          adw_action_row_set_title_lines (ADW_ACTION_ROW (sub_row), 3);
          sub_check = gtk_check_button_new ();
          gtk_widget_set_valign (sub_check, GTK_ALIGN_CENTER);
          adw_action_row_add_prefix (ADW_ACTION_ROW (sub_row), sub_check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (sub_row), sub_check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), sub_row);

          g_object_set_data (G_OBJECT (sub_check), "desk-code", (gpointer) sub->code);
          g_object_set_data (G_OBJECT (sub_check), "desk-parent", check);
          g_hash_table_insert (self->checks, (gpointer) sub->code, sub_check);
          g_ptr_array_add (children, sub_check);
          g_signal_connect_object (sub_check, "toggled",
                                   G_CALLBACK (on_child_toggled_cb), self,
                                   G_CONNECT_SWAPPED);
        }

      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (on_parent_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      adw_preferences_group_add (self->pathway_group, row);
    }
}

/* The filters saved in settings into the built widgets, pathways and
 * language aside (with self->loading set). */
static void
load_widgets (DeskFilterPanel *self)
{
  g_auto(GStrv) stage_keys = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *date_text = NULL;
  int age;
  int minutes;

  adw_combo_row_set_selected (self->gender_row,
                              get_saved_index (self, "filter-gender", gender_keys,
                                               G_N_ELEMENTS (gender_keys)));

  age = g_settings_get_int (self->settings, "filter-age");
  if (age >= 0)
    {
      g_autofree char *text = g_strdup_printf ("%d", age);

      gtk_editable_set_text (GTK_EDITABLE (self->age_row), text);
    }

  adw_combo_row_set_selected (self->risk_row,
                              get_saved_index (self, "filter-risk", risk_keys,
                                               G_N_ELEMENTS (risk_keys)));

  stage_keys = g_settings_get_strv (self->settings, "filter-stages");
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    gtk_check_button_set_active (self->stage_checks[i],
                                 g_strv_contains ((const char * const *) stage_keys,
                                                  stages[i].key));

  gtk_switch_set_active (self->self_referral_switch,
                         g_settings_get_boolean (self->settings, "filter-self-referral"));
  gtk_switch_set_active (self->closed_switch,
                         g_settings_get_boolean (self->settings, "filter-show-closed"));

  date_text = g_settings_get_string (self->settings, "filter-open-date");
  if (date_text[0] != '\0')
    {
      date = dup_saved_date (self);
      gtk_calendar_select_day (self->calendar, date);
    }
  minutes = g_settings_get_int (self->settings, "filter-open-time");
  gtk_spin_button_set_value (self->hour_spin, minutes / 60);
  gtk_spin_button_set_value (self->minute_spin, minutes % 60);
  adw_expander_row_set_enable_expansion (self->open_row,
                                         g_settings_get_boolean (self->settings,
                                                                 "filter-open-enabled"));
}

/* Checks the codes' boxes, as loading them from settings does. */
static void
check_pathways (DeskFilterPanel    *self,
                const char * const *codes)
{
  gboolean loading = self->loading;

  self->loading = TRUE;
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->checks, codes[i]);

      if (check != NULL)
        gtk_check_button_set_active (check, TRUE);
    }
  self->loading = loading;
}

static void
add_stages (DeskFilterPanel *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(stages[i].label));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (self->stage_group, row);
      self->stage_checks[i] = GTK_CHECK_BUTTON (check);
      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (on_filter_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
rebuild_language_model (DeskFilterPanel *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint selected = 0;
  gboolean loading = self->loading;

  if (!self->built)
    return;  /* made with the panel */

  if (self->language != NULL &&
      !g_ptr_array_find_with_equal_func (self->language_codes, self->language, g_str_equal, NULL))
    g_ptr_array_add (self->language_codes, g_strdup (self->language));

  /* Translators: any language */
  g_strv_builder_add (builder, C_("language filter", "Any"));
  for (guint i = 0; i < self->language_codes->len; i++)
    {
      const char *code = g_ptr_array_index (self->language_codes, i);
      g_autofree char *name = desk_format_language (code);

      g_strv_builder_add (builder, name);
      if (g_strcmp0 (code, self->language) == 0)
        selected = i + 1;
    }
  names = g_strv_builder_end (builder);

  self->loading = TRUE;
  gtk_string_list_splice (self->language_model, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->language_model)),
                          (const char * const *) names);
  adw_combo_row_set_selected (self->language_row, selected);
  self->loading = loading;
}

static void
desk_filter_panel_dispose (GObject *object)
{
  DeskFilterPanel *self = (DeskFilterPanel *)object;
  GtkWidget *child;

  if (self->built)
    gtk_widget_dispose_template (GTK_WIDGET (self), DESK_TYPE_FILTER_PANEL);
  /* The unnamed scrolled window holding everything. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (desk_filter_panel_parent_class)->dispose (object);
}

static void
desk_filter_panel_finalize (GObject *object)
{
  DeskFilterPanel *self = (DeskFilterPanel *)object;

  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->parents, g_ptr_array_unref);
  g_clear_pointer (&self->language_codes, g_ptr_array_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->pending_pathways, g_strfreev);

  G_OBJECT_CLASS (desk_filter_panel_parent_class)->finalize (object);
}

static void
desk_filter_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DeskFilterPanel *self = DESK_FILTER_PANEL (object);

  switch (prop_id)
    {
    case PROP_N_ACTIVE:
      g_value_set_uint (value, self->n_active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_filter_panel_map (GtkWidget *widget)
{
  /* Shown without desk_filter_panel_prepare(): the rows follow at once. */
  desk_filter_panel_prepare (DESK_FILTER_PANEL (widget));

  GTK_WIDGET_CLASS (desk_filter_panel_parent_class)->map (widget);
}

static void
desk_filter_panel_class_init (DeskFilterPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->map = desk_filter_panel_map;
  object_class->dispose = desk_filter_panel_dispose;
  object_class->finalize = desk_filter_panel_finalize;
  object_class->get_property = desk_filter_panel_get_property;

  properties [PROP_N_ACTIVE] =
    g_param_spec_uint ("n-active", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/directionhub/Desk/ui/desk-filter-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, gender_row);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, age_row);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, risk_row);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, language_row);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, language_model);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, stage_group);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, self_referral_switch);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, closed_switch);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, open_row);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, date_button);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, calendar);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, pathway_group);
  gtk_widget_class_bind_template_child (widget_class, DeskFilterPanel, clear_button);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_age_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_time_spin_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_now_clicked_cb);

  gtk_widget_class_install_action (widget_class, "filters.clear", NULL, clear_action);

  gtk_widget_class_set_css_name (widget_class, "filterpanel");
}

static void
desk_filter_panel_init (DeskFilterPanel *self)
{
  /* The template is made by desk_filter_panel_prepare(). */
  self->checks = g_hash_table_new (g_str_hash, g_str_equal);
  self->parents = g_ptr_array_new ();
  self->language_codes = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filters.clear", FALSE);
}

GtkWidget *
desk_filter_panel_new (void)
{
  return g_object_new (DESK_TYPE_FILTER_PANEL, NULL);
}

/**
 * desk_filter_panel_prepare:
 *
 * Builds the panel's widgets if they are not there yet, showing the
 * filters chosen so far: call it before the panel is shown.  Nothing
 * changes for the filters, and ::changed is not emitted.
 */
void
desk_filter_panel_prepare (DeskFilterPanel *self)
{
  g_auto(GStrv) codes = NULL;

  g_return_if_fail (DESK_IS_FILTER_PANEL (self));

  if (self->built)
    return;

  codes = g_steal_pointer (&self->pending_pathways);
  self->built = TRUE;
  self->loading = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_stages (self);
  if (self->settings != NULL)
    load_widgets (self);
  rebuild_language_model (self);
  g_signal_connect_object (self->language_row, "notify::selected",
                           G_CALLBACK (on_language_selected_cb), self,
                           G_CONNECT_SWAPPED);
  add_pathways (self);
  check_pathways (self, (const char * const *) codes);

  self->loading = FALSE;
  update_date_label (self);
}

/* Puts the filters in query (text, near, limit are left alone). */
void
desk_filter_panel_apply (DeskFilterPanel *self,
                         DirQuery        *query)
{
  g_auto(GStrv) pathways = NULL;
  g_autoptr(GDateTime) open_at = NULL;
  guint gender;
  guint risk;
  int age;

  g_return_if_fail (DESK_IS_FILTER_PANEL (self));
  g_return_if_fail (query != NULL);

  pathways = get_pathways (self);
  gender = get_gender (self);
  risk = get_risk (self);
  open_at = get_open_at (self);
  if (!get_age (self, &age))
    age = -1;

  dir_query_set_pathways (query, pathways[0] != NULL ? (const char * const *) pathways : NULL);
  dir_query_set_gender (query, gender < G_N_ELEMENTS (genders) ? genders[gender] : DIR_GENDER_ANY);
  dir_query_set_age (query, age);
  dir_query_set_risk (query, risk < G_N_ELEMENTS (risks) ? risks[risk] : 0);
  dir_query_set_stages (query, get_stages (self));
  dir_query_set_self_referral (query, get_switch (self, self->self_referral_switch,
                                                  "filter-self-referral"));
  dir_query_set_language (query, self->language);
  /* Paused services stay listed, with a tag saying so; closed ones only on request. */
  dir_query_set_statuses (query,
                          get_switch (self, self->closed_switch, "filter-show-closed")
                            ? DIR_STATUS_ALL
                            : DIR_STATUS_ACTIVE | DIR_STATUS_PAUSED);
  dir_query_set_open_at (query, open_at);
}

/**
 * desk_filter_panel_dup_open_at:
 *
 * Returns: (transfer full) (nullable): the day and time services must be
 *   open at (Europe/London), such as the client's release day, or %NULL
 *   when that filter is off
 */
GDateTime *
desk_filter_panel_dup_open_at (DeskFilterPanel *self)
{
  g_return_val_if_fail (DESK_IS_FILTER_PANEL (self), NULL);

  return get_open_at (self);
}

/* How many filters narrow the results (the count on the filter button). */
guint
desk_filter_panel_get_n_active (DeskFilterPanel *self)
{
  g_return_val_if_fail (DESK_IS_FILTER_PANEL (self), 0);

  return self->n_active;
}

void
desk_filter_panel_clear (DeskFilterPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (DESK_IS_FILTER_PANEL (self));

  desk_filter_panel_prepare (self);
  self->loading = TRUE;
  {
    GHashTableIter iter;
    gpointer check;

    g_hash_table_iter_init (&iter, self->checks);
    while (g_hash_table_iter_next (&iter, NULL, &check))
      gtk_check_button_set_active (check, FALSE);
  }
  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    gtk_check_button_set_active (self->stage_checks[i], FALSE);
  adw_combo_row_set_selected (self->gender_row, 0);
  adw_combo_row_set_selected (self->risk_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->age_row), "");
  g_clear_pointer (&self->language, g_free);
  adw_combo_row_set_selected (self->language_row, 0);
  gtk_switch_set_active (self->self_referral_switch, FALSE);
  gtk_switch_set_active (self->closed_switch, FALSE);
  adw_expander_row_set_enable_expansion (self->open_row, FALSE);
  gtk_calendar_select_day (self->calendar, now);
  self->loading = FALSE;

  update_date_label (self);
  emit_changed (self);
}

/* The ISO 639-1 codes of the languages services in the directory are
 * delivered in, offered in the language row. */
void
desk_filter_panel_set_languages (DeskFilterPanel    *self,
                                 const char * const *codes)
{
  g_return_if_fail (DESK_IS_FILTER_PANEL (self));

  g_ptr_array_set_size (self->language_codes, 0);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    g_ptr_array_add (self->language_codes, g_strdup (codes[i]));

  rebuild_language_model (self);
}

/* Selects or unselects one pathway, as a click on its box would.  FALSE
 * for an unknown code. */
gboolean
desk_filter_panel_set_pathway (DeskFilterPanel *self,
                               const char      *code,
                               gboolean         selected)
{
  GtkCheckButton *check;

  g_return_val_if_fail (DESK_IS_FILTER_PANEL (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  desk_filter_panel_prepare (self);
  check = g_hash_table_lookup (self->checks, code);
  if (check == NULL)
    return FALSE;

  gtk_check_button_set_active (check, selected);
  return TRUE;
}

/* Loads the filters saved in settings, and saves them there from now on. */
void
desk_filter_panel_bind_settings (DeskFilterPanel *self,
                                 GSettings       *settings)
{
  g_auto(GStrv) pathways = NULL;
  g_autofree char *language = NULL;

  g_return_if_fail (DESK_IS_FILTER_PANEL (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  /* Our own GSettings on the same schema, path and backend: the filters
   * are written in one batch (g_settings_delay()), and delay mode must not
   * hold back the window's other writes on the object it was given. */
  g_clear_object (&self->settings);
  {
    g_autoptr(GSettingsSchema) schema = NULL;
    g_autoptr(GSettingsBackend) backend = NULL;
    g_autofree char *path = NULL;

    g_object_get (settings,
                  "settings-schema", &schema,
                  "backend", &backend,
                  "path", &path,
                  NULL);
    self->settings = g_settings_new_full (schema, backend, path);
  }

  language = g_settings_get_string (settings, "filter-language");
  g_clear_pointer (&self->language, g_free);
  if (language[0] != '\0')
    self->language = g_steal_pointer (&language);

  pathways = g_settings_get_strv (settings, "filter-pathways");
  if (self->built)
    {
      self->loading = TRUE;
      check_pathways (self, (const char * const *) pathways);
      load_widgets (self);
      rebuild_language_model (self);
      self->loading = FALSE;
      update_date_label (self);
    }
  else
    {
      /* Read from settings until the panel is built. */
      g_strfreev (self->pending_pathways);
      self->pending_pathways = g_steal_pointer (&pathways);
    }

  /* Counted and announced, but not saved back over what was just read. */
  self->n_active = count_active (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filters.clear", self->n_active > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ACTIVE]);
}
