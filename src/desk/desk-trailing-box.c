/* desk-trailing-box.c
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

/* DeskTrailingBox: a container for DeskTrailingLayout, which it has from
 * the start.
 *
 * DeskTrailingLayout: a row of children laid out from the start: the first takes the width the
 * others leave, each of the others its natural width (its minimum when the
 * row is short of room).  Like a horizontal GtkBoxLayout with only the first
 * child expanding, but it measures a height-for-width first child (a
 * wrapping label) once per width.  GtkBoxLayout (GTK 4.8) searches for the
 * narrowest width at each height it tries, and GtkLabel searches again for
 * each of those, shaping its text every time: in a list row, rebound at
 * each keystroke, that was most of the row's measuring.  The row's width
 * never depends on its height here, which is what a row in a vertical list
 * wants anyway. */

#include "config.h"

#include "desk-trailing-box.h"

struct _DeskTrailingLayout
{
  GtkLayoutManager parent_instance;

  int spacing;
};

G_DEFINE_FINAL_TYPE (DeskTrailingLayout, desk_trailing_layout, GTK_TYPE_LAYOUT_MANAGER)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GtkWidget *widget;
  int        minimum;
  int        natural;
  int        width;
} Child;

/* The children that take part (visible ones), their widths (-1 for_width:
 * natural widths).  Returns how many; children must hold as many as widget
 * has. */
static guint
distribute (DeskTrailingLayout *self,
            GtkWidget          *widget,
            int                 for_width,
            Child              *children)
{
  guint n = 0;
  int total_natural = 0;
  int total_minimum = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;

      children[n].widget = child;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &children[n].minimum, &children[n].natural, NULL, NULL);
      children[n].width = children[n].natural;
      total_minimum += children[n].minimum;
      total_natural += children[n].natural;
      n++;
    }

  if (n == 0 || for_width < 0)
    return n;

  for_width = MAX (0, for_width - self->spacing * (int) (n - 1));

  if (for_width >= total_natural - children[0].natural + children[0].minimum)
    {
      /* The others at their natural widths, the first in what is left. */
      children[0].width = for_width - (total_natural - children[0].natural);
    }
  else
    {
      /* Short of room: the first at its minimum, the others share out what
       * is left above their minimums, in order. */
      int extra = MAX (0, for_width - total_minimum);

      children[0].width = children[0].minimum;
      for (guint i = 1; i < n; i++)
        {
          int wanted = children[i].natural - children[i].minimum;
          int given = MIN (wanted, extra);

          children[i].width = children[i].minimum + given;
          extra -= given;
        }
    }

  return n;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

static GtkSizeRequestMode
desk_trailing_layout_get_request_mode (GtkLayoutManager *manager,
                                       GtkWidget        *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_should_layout (child) &&
          gtk_widget_get_request_mode (child) != GTK_SIZE_REQUEST_CONSTANT_SIZE)
        return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
    }

  return GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
desk_trailing_layout_measure (GtkLayoutManager *manager,
                              GtkWidget        *widget,
                              GtkOrientation    orientation,
                              int               for_size,
                              int              *minimum,
                              int              *natural,
                              int              *minimum_baseline,
                              int              *natural_baseline)
{
  DeskTrailingLayout *self = DESK_TRAILING_LAYOUT (manager);
  Child *children = g_newa (Child, count_children (widget) + 1);
  guint n = distribute (self, widget,
                        orientation == GTK_ORIENTATION_VERTICAL ? for_size : -1,
                        children);

  *minimum = *natural = 0;

  for (guint i = 0; i < n; i++)
    {
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum += children[i].minimum;
          *natural += children[i].natural;
        }
      else
        {
          int child_minimum, child_natural;

          gtk_widget_measure (children[i].widget, GTK_ORIENTATION_VERTICAL,
                              for_size < 0 ? -1 : children[i].width,
                              &child_minimum, &child_natural, NULL, NULL);
          *minimum = MAX (*minimum, child_minimum);
          *natural = MAX (*natural, child_natural);
        }
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL && n > 1)
    {
      *minimum += self->spacing * (int) (n - 1);
      *natural += self->spacing * (int) (n - 1);
    }

  *minimum_baseline = *natural_baseline = -1;
}

static void
desk_trailing_layout_allocate (GtkLayoutManager *manager,
                               GtkWidget        *widget,
                               int               width,
                               int               height,
                               int               baseline)
{
  DeskTrailingLayout *self = DESK_TRAILING_LAYOUT (manager);
  Child *children = g_newa (Child, count_children (widget) + 1);
  guint n = distribute (self, widget, width, children);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0;

  for (guint i = 0; i < n; i++)
    {
      int child_x = rtl ? width - x - children[i].width : x;

      gtk_widget_size_allocate (children[i].widget,
                                &(GtkAllocation) { child_x, 0, children[i].width, height },
                                -1);
      x += children[i].width + self->spacing;
    }
}

static void
desk_trailing_layout_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  DeskTrailingLayout *self = DESK_TRAILING_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_trailing_layout_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  DeskTrailingLayout *self = DESK_TRAILING_LAYOUT (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      desk_trailing_layout_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
desk_trailing_layout_class_init (DeskTrailingLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  object_class->get_property = desk_trailing_layout_get_property;
  object_class->set_property = desk_trailing_layout_set_property;

  layout_class->get_request_mode = desk_trailing_layout_get_request_mode;
  layout_class->measure = desk_trailing_layout_measure;
  layout_class->allocate = desk_trailing_layout_allocate;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL,
                      0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
desk_trailing_layout_init (DeskTrailingLayout *self)
{
}

GtkLayoutManager *
desk_trailing_layout_new (void)
{
  return g_object_new (DESK_TYPE_TRAILING_LAYOUT, NULL);
}

int
desk_trailing_layout_get_spacing (DeskTrailingLayout *self)
{
  g_return_val_if_fail (DESK_IS_TRAILING_LAYOUT (self), 0);

  return self->spacing;
}

void
desk_trailing_layout_set_spacing (DeskTrailingLayout *self,
                                  int                 spacing)
{
  g_return_if_fail (DESK_IS_TRAILING_LAYOUT (self));
  g_return_if_fail (spacing >= 0);

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

/* ---- the container ------------------------------------------------------ */

struct _DeskTrailingBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (DeskTrailingBox, desk_trailing_box, GTK_TYPE_WIDGET)

static void
desk_trailing_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (desk_trailing_box_parent_class)->dispose (object);
}

static void
desk_trailing_box_class_init (DeskTrailingBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = desk_trailing_box_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, DESK_TYPE_TRAILING_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
desk_trailing_box_init (DeskTrailingBox *self)
{
}

GtkWidget *
desk_trailing_box_new (void)
{
  return g_object_new (DESK_TYPE_TRAILING_BOX, NULL);
}
