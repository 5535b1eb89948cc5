/* dir-catalog.c
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

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dir-catalog.h"

/* The GNU .mo format (gettext manual, "The Format of GNU MO Files"):
 *
 *   0  magic 0x950412de (in the writer's byte order)
 *   4  revision (major in the high 16 bits: 0 or 1)
 *   8  N, the number of strings
 *  12  offset of the table of original strings
 *  16  offset of the table of translations
 *  20  size and 24 offset of a hash table (not used here)
 *
 * Each table holds N (length, offset) pairs; every string is followed by a
 * NUL.  Originals are sorted (strcmp), so a lookup is a binary search.  A
 * plural entry's original is "msgid\0msgid_plural" and its translation the
 * forms one after another, NUL-separated; a context is "context\004msgid".
 * msgfmt leaves out fuzzy and untranslated entries. */

#define MO_MAGIC         0x950412deU
#define MO_MAGIC_SWAPPED 0xde120495U
#define MO_HEADER_SIZE   28

/* Plural expressions are small; these bound the parser's and the
 * evaluator's recursion. */
#define PLURAL_MAX_DEPTH 64
#define PLURAL_MAX_NODES 512

typedef enum
{
  OP_N,
  OP_NUM,
  OP_NOT,
  OP_MUL, OP_DIV, OP_MOD,
  OP_ADD, OP_SUB,
  OP_LT, OP_GT, OP_LE, OP_GE,
  OP_EQ, OP_NE,
  OP_AND, OP_OR,
  OP_COND,
} PluralOp;

typedef struct
{
  PluralOp op;
  gulong   value;     /* OP_NUM */
  int      args[3];   /* indices into the node array */
} PluralNode;

struct _DirCatalog
{
  GObject      parent_instance;

  char        *language;
  char        *path;
  GMappedFile *file;
  const char  *data;
  gsize        size;
  guint        n_strings;
  gboolean     swapped;
  guint32      orig_table;
  guint32      trans_table;

  guint        n_plurals;
  GArray      *plural;       /* PluralNode */
  int          plural_root;
};

G_DEFINE_FINAL_TYPE (DirCatalog, dir_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (dir-catalog-error-quark, dir_catalog_error)

/* --- plural expressions ------------------------------------------------ */

typedef struct
{
  const char *p;
  GArray     *nodes;
  int         depth;
  gboolean    failed;
} PluralParser;

static int parse_expression (PluralParser *parser);

static void
skip_space (PluralParser *parser)
{
  while (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r')
    parser->p++;
}

static gboolean
accept (PluralParser *parser,
        const char   *token)
{
  gsize len = strlen (token);

  skip_space (parser);
  if (strncmp (parser->p, token, len) != 0)
    return FALSE;

  /* "<" must not take the first half of "<=", nor "!" of "!=". */
  if (len == 1 && (token[0] == '<' || token[0] == '>' || token[0] == '!' || token[0] == '=') &&
      parser->p[1] == '=')
    return FALSE;

  parser->p += len;
  return TRUE;
}

static int
add_node (PluralParser *parser,
          PluralOp      op,
          gulong        value,
          int           a,
          int           b,
          int           c)
{
  PluralNode node = { op, value, { a, b, c } };

  if (parser->nodes->len >= PLURAL_MAX_NODES)
    {
      parser->failed = TRUE;
      return -1;
    }
  g_array_append_val (parser->nodes, node);
  return (int) parser->nodes->len - 1;
}

static int
parse_primary (PluralParser *parser)
{
  skip_space (parser);

  if (*parser->p == 'n')
    {
      parser->p++;
      return add_node (parser, OP_N, 0, -1, -1, -1);
    }

  if (g_ascii_isdigit (*parser->p))
    {
      gulong value = 0;

      while (g_ascii_isdigit (*parser->p))
        {
          if (value > G_MAXULONG / 10 - 10)
            {
              parser->failed = TRUE;
              return -1;
            }
          value = value * 10 + (gulong) (*parser->p - '0');
          parser->p++;
        }
      return add_node (parser, OP_NUM, value, -1, -1, -1);
    }

  if (accept (parser, "("))
    {
      int inner = parse_expression (parser);

      if (!accept (parser, ")"))
        parser->failed = TRUE;
      return inner;
    }

  parser->failed = TRUE;
  return -1;
}

static int
parse_unary (PluralParser *parser)
{
  if (accept (parser, "!"))
    {
      int arg;

      if (++parser->depth > PLURAL_MAX_DEPTH)
        {
          parser->failed = TRUE;
          return -1;
        }
      arg = parse_unary (parser);
      parser->depth--;
      return add_node (parser, OP_NOT, 0, arg, -1, -1);
    }

  return parse_primary (parser);
}

typedef struct
{
  const char *token;
  PluralOp    op;
} BinaryOp;

/* Binary operators by precedence level, loosest last (C's order). */
static const BinaryOp level_mul[] = { { "*", OP_MUL }, { "/", OP_DIV }, { "%", OP_MOD }, { NULL, 0 } };
static const BinaryOp level_add[] = { { "+", OP_ADD }, { "-", OP_SUB }, { NULL, 0 } };
static const BinaryOp level_rel[] = { { "<=", OP_LE }, { ">=", OP_GE }, { "<", OP_LT }, { ">", OP_GT }, { NULL, 0 } };
static const BinaryOp level_eq[] = { { "==", OP_EQ }, { "!=", OP_NE }, { NULL, 0 } };
static const BinaryOp level_and[] = { { "&&", OP_AND }, { NULL, 0 } };
static const BinaryOp level_or[] = { { "||", OP_OR }, { NULL, 0 } };

static const BinaryOp * const levels[] = { level_mul, level_add, level_rel, level_eq, level_and, level_or };

static int
parse_binary (PluralParser *parser,
              int           level)
{
  int left;

  if (level < 0)
    return parse_unary (parser);

  left = parse_binary (parser, level - 1);
  while (!parser->failed)
    {
      const BinaryOp *found = NULL;

      for (const BinaryOp *op = levels[level]; op->token != NULL; op++)
        if (accept (parser, op->token))
          {
            found = op;
            break;
          }
      if (found == NULL)
        break;

      left = add_node (parser, found->op, 0, left, parse_binary (parser, level - 1), -1);
    }

  return left;
}

static int
parse_expression (PluralParser *parser)
{
  int condition;

  if (++parser->depth > PLURAL_MAX_DEPTH)
    {
      parser->failed = TRUE;
      return -1;
    }

  condition = parse_binary (parser, G_N_ELEMENTS (levels) - 1);
  if (!parser->failed && accept (parser, "?"))
    {
      int then_node = parse_expression (parser);
      int else_node = -1;

      if (!accept (parser, ":"))
        parser->failed = TRUE;
      else
        else_node = parse_expression (parser);
      condition = add_node (parser, OP_COND, 0, condition, then_node, else_node);
    }

  parser->depth--;
  return condition;
}

static gulong
evaluate (const GArray *nodes,
          int           index,
          gulong        n)
{
  const PluralNode *node = &g_array_index (nodes, PluralNode, index);
  gulong a, b;

  switch (node->op)
    {
    case OP_N:
      return n;
    case OP_NUM:
      return node->value;
    case OP_NOT:
      return !evaluate (nodes, node->args[0], n);
    case OP_COND:
      return evaluate (nodes, node->args[0], n) ? evaluate (nodes, node->args[1], n)
                                                : evaluate (nodes, node->args[2], n);
    case OP_AND:
      return evaluate (nodes, node->args[0], n) && evaluate (nodes, node->args[1], n);
    case OP_OR:
      return evaluate (nodes, node->args[0], n) || evaluate (nodes, node->args[1], n);
    case OP_MUL: case OP_DIV: case OP_MOD: case OP_ADD: case OP_SUB:
    case OP_LT: case OP_GT: case OP_LE: case OP_GE: case OP_EQ: case OP_NE:
    default:
      break;
    }

  a = evaluate (nodes, node->args[0], n);
  b = evaluate (nodes, node->args[1], n);

  switch (node->op)
    {
    case OP_MUL: return a * b;
    case OP_DIV: return b != 0 ? a / b : 0;   /* gettext would raise SIGFPE */
    case OP_MOD: return b != 0 ? a % b : 0;
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_LT: return a < b;
    case OP_GT: return a > b;
    case OP_LE: return a <= b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_N: case OP_NUM: case OP_NOT: case OP_COND: case OP_AND: case OP_OR:
    default:
      g_assert_not_reached ();
    }
}

/* "nplurals=3; plural=(n==1 ? 0 : …);" from the header's Plural-Forms. */
static gboolean
parse_plural_forms (DirCatalog  *self,
                    const char  *value,
                    GError     **error)
{
  g_autoptr(GArray) nodes = g_array_new (FALSE, FALSE, sizeof (PluralNode));
  PluralParser parser = { NULL, nodes, 0, FALSE };
  const char *nplurals = strstr (value, "nplurals=");
  const char *plural = strstr (value, "plural=");
  guint64 count = 0;
  char *end = NULL;
  int root;

  /* "plural=" also matches inside "nplurals=": look past it. */
  while (plural != NULL && plural > value && plural[-1] == 'n')
    plural = strstr (plural + 1, "plural=");

  if (nplurals == NULL || plural == NULL)
    goto invalid;

  count = g_ascii_strtoull (nplurals + strlen ("nplurals="), &end, 10);
  if (end == nplurals + strlen ("nplurals=") || count < 1 || count > 32)
    goto invalid;

  parser.p = plural + strlen ("plural=");
  root = parse_expression (&parser);
  skip_space (&parser);
  if (*parser.p == ';')
    parser.p++;
  skip_space (&parser);
  if (parser.failed || root < 0 || *parser.p != '\0')
    goto invalid;

  self->n_plurals = (guint) count;
  self->plural_root = root;
  self->plural = g_steal_pointer (&nodes);
  return TRUE;

invalid:
  g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
               /* Translators: %s is a file name */
               _("%s: the plural forms in the header cannot be read"), self->path);
  return FALSE;
}

/* --- the .mo file ------------------------------------------------------ */

static guint32
read_u32 (DirCatalog *self,
          gsize       offset)
{
  guint32 value;

  memcpy (&value, self->data + offset, sizeof value);
  return self->swapped ? GUINT32_SWAP_LE_BE (value) : value;
}

static const char *
get_string (DirCatalog *self,
            guint32     table,
            guint       index,
            guint32    *length)
{
  guint32 len = read_u32 (self, (gsize) table + 8 * (gsize) index);
  guint32 offset = read_u32 (self, (gsize) table + 8 * (gsize) index + 4);

  if (length != NULL)
    *length = len;
  return self->data + offset;
}

static gboolean
check_table (DirCatalog  *self,
             guint32      table,
             gboolean     translations,
             GError     **error)
{
  for (guint i = 0; i < self->n_strings; i++)
    {
      guint32 len = read_u32 (self, (gsize) table + 8 * (gsize) i);
      guint32 offset = read_u32 (self, (gsize) table + 8 * (gsize) i + 4);

      if ((guint64) offset + len >= self->size || self->data[offset + len] != '\0')
        {
          g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
                       /* Translators: %s is a file name, %u a string's number */
                       _("%s: string %u lies outside the file"), self->path, i);
          return FALSE;
        }

      /* Translations are handed out as UTF-8 text (plural forms are
       * NUL-separated, each checked). */
      if (translations && !g_utf8_validate_len (self->data + offset, len, NULL))
        {
          const char *p = self->data + offset;
          const char *end = p + len;

          while (p <= end)
            {
              gsize piece = strlen (p);

              if (!g_utf8_validate_len (p, piece, NULL))
                {
                  g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
                               /* Translators: %s is a file name, %u a string's number */
                               _("%s: translation %u is not UTF-8"), self->path, i);
                  return FALSE;
                }
              p += piece + 1;
            }
        }
    }

  return TRUE;
}

static gboolean
read_header (DirCatalog  *self,
             GError     **error)
{
  const char *header;
  g_auto(GStrv) lines = NULL;

  /* The header is the translation of "", which sorts first. */
  if (self->n_strings == 0 || get_string (self, self->orig_table, 0, NULL)[0] != '\0')
    return TRUE;

  header = get_string (self, self->trans_table, 0, NULL);
  lines = g_strsplit (header, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_ascii_strncasecmp (line, "Content-Type:", strlen ("Content-Type:")) == 0)
        {
          const char *charset = strstr (line, "charset=");

          if (charset != NULL)
            {
              charset += strlen ("charset=");
              if (g_ascii_strcasecmp (charset, "UTF-8") != 0 &&
                  g_ascii_strcasecmp (charset, "ASCII") != 0 &&
                  g_ascii_strcasecmp (charset, "CHARSET") != 0)
                {
                  g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
                               /* Translators: %s is a file name, then a character set */
                               _("%s: the catalogue is in %s, not UTF-8"), self->path, charset);
                  return FALSE;
                }
            }
        }
      else if (g_ascii_strncasecmp (line, "Plural-Forms:", strlen ("Plural-Forms:")) == 0)
        {
          if (!parse_plural_forms (self, line + strlen ("Plural-Forms:"), error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load (DirCatalog  *self,
      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  guint32 magic, revision;

  self->file = g_mapped_file_new (self->path, FALSE, &local_error);
  if (self->file == NULL)
    {
      g_set_error (error, DIR_CATALOG_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? DIR_CATALOG_ERROR_NOT_FOUND : DIR_CATALOG_ERROR_INVALID,
                   "%s", local_error->message);
      return FALSE;
    }

  self->data = g_mapped_file_get_contents (self->file);
  self->size = g_mapped_file_get_length (self->file);

  if (self->size < MO_HEADER_SIZE)
    goto not_mo;

  memcpy (&magic, self->data, sizeof magic);
  if (magic == MO_MAGIC_SWAPPED)
    self->swapped = TRUE;
  else if (magic != MO_MAGIC)
    goto not_mo;

  revision = read_u32 (self, 4);
  if ((revision >> 16) > 1)
    {
      g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
                   /* Translators: %s is a file name, %u a version number */
                   _("%s: .mo format revision %u is not supported"), self->path, revision >> 16);
      return FALSE;
    }

  self->n_strings = read_u32 (self, 8);
  self->orig_table = read_u32 (self, 12);
  self->trans_table = read_u32 (self, 16);

  if ((guint64) self->orig_table + 8 * (guint64) self->n_strings > self->size ||
      (guint64) self->trans_table + 8 * (guint64) self->n_strings > self->size)
    {
      g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
                   /* Translators: %s is a file name */
                   _("%s: the string tables lie outside the file"), self->path);
      return FALSE;
    }

  if (!check_table (self, self->orig_table, FALSE, error) ||
      !check_table (self, self->trans_table, TRUE, error))
    return FALSE;

  for (guint i = 1; i < self->n_strings; i++)
    if (strcmp (get_string (self, self->orig_table, i - 1, NULL),
                get_string (self, self->orig_table, i, NULL)) >= 0)
      {
        g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
                     /* Translators: %s is a file name */
                     _("%s: the original strings are not sorted"), self->path);
        return FALSE;
      }

  return read_header (self, error);

not_mo:
  g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_INVALID,
               /* Translators: %s is a file name */
               _("%s is not a compiled message catalogue (.mo)"), self->path);
  return FALSE;
}

/* Index of the entry whose original's msgid part equals key, or -1. */
static int
find (DirCatalog *self,
      const char *key)
{
  guint lo = 0;
  guint hi = self->n_strings;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (key, get_string (self, self->orig_table, mid, NULL));

      if (cmp == 0)
        return (int) mid;
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return -1;
}

static gboolean
is_language_code (const char *language)
{
  if (language == NULL || language[0] == '\0' || strlen (language) > 64 || language[0] == '.')
    return FALSE;

  for (const char *p = language; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.' && *p != '@')
      return FALSE;

  return strstr (language, "..") == NULL;
}

/* --- GObject ----------------------------------------------------------- */

static void
dir_catalog_finalize (GObject *object)
{
  DirCatalog *self = (DirCatalog *)object;

  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_clear_pointer (&self->plural, g_array_unref);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dir_catalog_parent_class)->finalize (object);
}

static void
dir_catalog_class_init (DirCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dir_catalog_finalize;
}

static void
dir_catalog_init (DirCatalog *self)
{
  self->n_plurals = 2;
}

/* --- public API -------------------------------------------------------- */

/**
 * dir_catalog_new_empty:
 * @language: (nullable): the language it stands for, such as "en"
 *
 * A catalogue that translates nothing: every lookup gives the English
 * msgid back, with English plurals (one, other).
 */
DirCatalog *
dir_catalog_new_empty (const char *language)
{
  DirCatalog *self = g_object_new (DIR_TYPE_CATALOG, NULL);

  self->language = g_strdup (language != NULL ? language : "en");
  return self;
}

/**
 * dir_catalog_new_from_file:
 * @path: a compiled .mo file
 *
 * Reads and checks the whole file (tables in bounds, originals sorted,
 * translations UTF-8, the header's Plural-Forms).  The file is mapped and
 * the strings handed out point into it for as long as the catalogue lives.
 */
DirCatalog *
dir_catalog_new_from_file (const char  *path,
                           GError     **error)
{
  g_autoptr(DirCatalog) self = NULL;
  g_autofree char *dirname = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (DIR_TYPE_CATALOG, NULL);
  self->path = g_strdup (path);

  if (!load (self, error))
    return NULL;

  /* …/<language>/LC_MESSAGES/<domain>.mo */
  dirname = g_path_get_dirname (path);
  {
    g_autofree char *parent = g_path_get_dirname (dirname);

    self->language = g_path_get_basename (parent);
  }

  return g_steal_pointer (&self);
}

/**
 * dir_catalog_new_for_language:
 * @localedir: the directory holding <language>/LC_MESSAGES/<domain>.mo
 * @domain: the text domain, "direction"
 * @language: a language such as "pl", "pt_BR" or "sr@latin"
 *
 * Opens the catalogue the way gettext would pick it for @language, trying
 * its variants from the most to the least specific ("pt_BR.UTF-8" then
 * "pt_BR" then "pt").  English ("en", "en_GB", …) and "C" have no
 * catalogue: they give an empty one.  A language with no catalogue is
 * %DIR_CATALOG_ERROR_NOT_FOUND.
 */
DirCatalog *
dir_catalog_new_for_language (const char  *localedir,
                              const char  *domain,
                              const char  *language,
                              GError     **error)
{
  g_auto(GStrv) variants = NULL;
  g_autofree char *filename = NULL;

  g_return_val_if_fail (localedir != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!is_language_code (language))
    {
      g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_LANGUAGE,
                   /* Translators: %s is what was given as a language code */
                   _("“%s” is not a language code"), language != NULL ? language : "");
      return NULL;
    }

  if (g_str_equal (language, "C") || g_str_equal (language, "POSIX") ||
      g_str_equal (language, "en") || g_str_has_prefix (language, "en_") ||
      g_str_has_prefix (language, "en.") || g_str_has_prefix (language, "en@") ||
      g_str_has_prefix (language, "C."))
    return dir_catalog_new_empty (language);

  filename = g_strconcat (domain, ".mo", NULL);
  variants = g_get_locale_variants (language);
  for (guint i = 0; variants[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (localedir, variants[i], "LC_MESSAGES",
                                                filename, NULL);
      g_autoptr(GError) local_error = NULL;
      DirCatalog *catalog;

      catalog = dir_catalog_new_from_file (path, &local_error);
      if (catalog != NULL)
        {
          g_free (catalog->language);
          catalog->language = g_strdup (language);
          return catalog;
        }

      if (!g_error_matches (local_error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  g_set_error (error, DIR_CATALOG_ERROR, DIR_CATALOG_ERROR_NOT_FOUND,
               /* Translators: %s is a language code such as "pl", then a directory */
               _("There is no translation for “%s” in %s"), language, localedir);
  return NULL;
}

const char *
dir_catalog_get_language (DirCatalog *self)
{
  g_return_val_if_fail (DIR_IS_CATALOG (self), NULL);

  return self->language;
}

/* The .mo file, or NULL for an empty catalogue. */
const char *
dir_catalog_get_path (DirCatalog *self)
{
  g_return_val_if_fail (DIR_IS_CATALOG (self), NULL);

  return self->path;
}

/* Translated messages, the header not counted. */
guint
dir_catalog_get_n_messages (DirCatalog *self)
{
  g_return_val_if_fail (DIR_IS_CATALOG (self), 0);

  if (self->n_strings > 0 && get_string (self, self->orig_table, 0, NULL)[0] == '\0')
    return self->n_strings - 1;

  return self->n_strings;
}

guint
dir_catalog_get_n_plurals (DirCatalog *self)
{
  g_return_val_if_fail (DIR_IS_CATALOG (self), 0);

  return self->n_plurals;
}

/* Which plural form goes with n: the header's expression, or English's
 * (n != 1) when the catalogue has none.  Out-of-range results give 0, as
 * gettext does. */
guint
dir_catalog_get_plural_index (DirCatalog *self,
                              gulong      n)
{
  gulong index;

  g_return_val_if_fail (DIR_IS_CATALOG (self), 0);

  if (self->plural == NULL)
    return n != 1 ? 1 : 0;

  index = evaluate (self->plural, self->plural_root, n);
  return index < self->n_plurals ? (guint) index : 0;
}

/**
 * dir_catalog_lookup:
 *
 * The translation of @msgid, or %NULL when the catalogue has none.  For a
 * plural entry it is the first form.
 */
const char *
dir_catalog_lookup (DirCatalog *self,
                    const char *msgid)
{
  int index;

  g_return_val_if_fail (DIR_IS_CATALOG (self), NULL);
  g_return_val_if_fail (msgid != NULL, NULL);

  if (self->file == NULL || msgid[0] == '\0')
    return NULL;

  index = find (self, msgid);
  if (index < 0)
    return NULL;

  return get_string (self, self->trans_table, (guint) index, NULL);
}

const char *
dir_catalog_gettext (DirCatalog *self,
                     const char *msgid)
{
  const char *translation = dir_catalog_lookup (self, msgid);

  return translation != NULL ? translation : msgid;
}

const char *
dir_catalog_pgettext (DirCatalog *self,
                      const char *context,
                      const char *msgid)
{
  g_autofree char *key = NULL;
  const char *translation;

  g_return_val_if_fail (DIR_IS_CATALOG (self), msgid);
  g_return_val_if_fail (context != NULL, msgid);

  key = g_strconcat (context, "\004", msgid, NULL);
  translation = dir_catalog_lookup (self, key);

  return translation != NULL ? translation : msgid;
}

const char *
dir_catalog_ngettext (DirCatalog *self,
                      const char *msgid,
                      const char *msgid_plural,
                      gulong      n)
{
  const char *form;
  guint32 length;
  guint index;
  int entry;

  g_return_val_if_fail (DIR_IS_CATALOG (self), msgid);
  g_return_val_if_fail (msgid != NULL && msgid_plural != NULL, msgid);

  if (self->file == NULL || (entry = find (self, msgid)) < 0)
    return n == 1 ? msgid : msgid_plural;

  index = dir_catalog_get_plural_index (self, n);
  form = get_string (self, self->trans_table, (guint) entry, &length);
  for (const char *end = form + length; index > 0; index--)
    {
      const char *next = form + strlen (form) + 1;

      if (next > end)
        /* Fewer forms than the header says: English's choice. */
        return n == 1 ? msgid : msgid_plural;
      form = next;
    }

  return form;
}
