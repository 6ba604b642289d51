/* Optional compiled scans for speechlint.
 *
 * Each function here has a pure-Python twin that gives the same answer for every input (the
 * test suite compares them on random text); speechlint uses this module only when it was
 * built, so a machine without a C compiler gets the same findings, more slowly.
 *
 * Each piece earns its place end to end: "gain" below is how much longer a whole folder run
 * takes with that piece alone left to its twin (SPEECHLINT_NO_SPEEDUPS=<piece>; 600 generated
 * drafts, 12 MB, --jobs 1 --no-cache, medians of 5 runs paired with the all-compiled build):
 * doubled_search 1.31x, pair_starts 1.22x, sentences 1.10x, char_mask 1.10x,
 * sorted_line_search 1.06x, digit_runs 1.05x; all of them 1.79x. None of them knows what a
 * finding is or any word the parser or a rule looks for: they scan text for characters.
 *
 * doubled_search(text, pos): where the regular expression ([HAN]{1,8})\1 first matches in text
 * at or after pos, as (start, unit length), or None. HAN is U+4E00-U+9FFF and U+3400-U+4DBF.
 * Like re, it takes at each start the longest Han run (at most 8) that is followed by a copy of
 * itself, shortening it one character at a time. This scan is the first step of RP001
 * (doubled-word) and, done by re, about a tenth of checking a draft: re backtracks through up
 * to eight lengths at every character. Gain 1.31x.
 *
 * sentences(text, spans): for each (start, end) span, in order, the matches of
 * [^。！？!?；;\n]+[。！？!?；;]? within it as (start, end, normalised), where normalised is the
 * match with every character but Han (as above) and ASCII letters and digits removed; matches
 * that normalise to nothing are left out. RP003-RP005 compare sentences by this form; done
 * with re it is a scan plus a sub per sentence (~120 a draft). Gain 1.10x.
 *
 * pair_starts(text, pos, endpos, table): the offsets i, pos <= i < endpos, where a match may
 * begin of a pattern whose every match begins with one of a set of one- or two-character
 * strings (a one-character string: that character, whatever follows); table is
 * speechlint.speed.speedups.pair_table's bytes for the set: a bitmap of first characters, one of the
 * characters that suffice alone, then a hashed bitmap of the pairs. The offsets are a superset
 * of where the strings occur. A word list of 164 idioms searched by re tries every idiom
 * wherever one of their ~130 first characters occurs; this leaves a few offsets a draft.
 * Gain (with pair_starts_many) 1.22x.
 *
 * digit_runs(text): the offsets where a run of decimal digits begins in text (where
 * \d(?<!\d\d) matches; re's \d for str is Py_UNICODE_ISDECIMAL). Every number rule is tried
 * only there. re finds them by testing each character against the digit category, one call
 * per character; here a Han character is passed over by two compares. Gain 1.05x.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MAX_UNIT 8

/* 0 when o is a str ready to read; else -1 with TypeError(message) (or READY's error) set. */
static int
check_str(PyObject *o, const char *message)
{
    if (!PyUnicode_Check(o)) {
        PyErr_SetString(PyExc_TypeError, message);
        return -1;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(o) < 0) {
        return -1;
    }
#endif
    return 0;
}

/* The tuple (ints..., objs..., tail...): the ints and tail as Python ints, the objs with a new
 * reference each (they are borrowed). Py_BuildValue parses its format string at every call:
 * ~1,400 instructions for a row of 17 items, several times the tuple's own cost, and it built
 * ~280 tuples a draft. */
static PyObject *
pack(const Py_ssize_t *ints, Py_ssize_t n_ints, PyObject *const *objs, Py_ssize_t n_objs,
     const Py_ssize_t *tail, Py_ssize_t n_tail)
{
    PyObject *t = PyTuple_New(n_ints + n_objs + n_tail);
    if (t == NULL) {
        return NULL;
    }
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n_ints; i++) {
        PyObject *v = PyLong_FromSsize_t(ints[i]);
        if (v == NULL) {
            Py_DECREF(t); /* the slots not yet set are NULL: tuple dealloc skips them */
            return NULL;
        }
        PyTuple_SET_ITEM(t, k++, v);
    }
    for (Py_ssize_t i = 0; i < n_objs; i++) {
        PyTuple_SET_ITEM(t, k++, Py_NewRef(objs[i]));
    }
    for (Py_ssize_t i = 0; i < n_tail; i++) {
        PyObject *v = PyLong_FromSsize_t(tail[i]);
        if (v == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, k++, v);
    }
    return t;
}

/* Bit c of a bitmap (bit c & 7 of byte c >> 3): the character sets and the pair hashes below
 * are all kept so. */
static inline int
has_bit(const unsigned char *bits, uint32_t c)
{
    return (bits[c >> 3] >> (c & 7)) & 1;
}

static inline void
set_bit(unsigned char *bits, uint32_t c)
{
    bits[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static inline int
is_han(Py_UCS4 c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Whether s[i + len] == s[i] for some len in 1..longest: a unit of len characters written
 * twice from i needs it. Most positions have none; with SSE2 (every x86-64) one compare
 * tests eight characters of a two-byte string at once, where testing each length in turn
 * took ~50 instructions a character, a tenth of RP001's time. */
#if defined(__SSE2__)
#include <emmintrin.h>
static inline int
same_ahead_ucs2(const Py_UCS2 *s, Py_ssize_t i, Py_ssize_t n, Py_ssize_t longest)
{
    if (i + 1 + 8 <= n) {
        __m128i ahead = _mm_loadu_si128((const __m128i *)(s + i + 1));
        __m128i eq = _mm_cmpeq_epi16(ahead, _mm_set1_epi16((short)s[i]));
        unsigned mask = (unsigned)_mm_movemask_epi8(eq); /* two bits per character */
        return (mask & ((1u << (2 * longest)) - 1)) != 0;
    }
    for (Py_ssize_t len = 1; len <= longest && i + len < n; len++) {
        if (s[i + len] == s[i]) {
            return 1;
        }
    }
    return 0;
}
#define SAME_AHEAD(s, i, n, longest)                                                          \
    (sizeof(*(s)) == 2 ? same_ahead_ucs2((const Py_UCS2 *)(s), i, n, longest) : 1)
#else
#define SAME_AHEAD(s, i, n, longest) 1
#endif

/* One body per string kind: reading through PyUnicode_READ's switch at every character
 * would cost most of what compiling the scan saves. */
#define DOUBLED_SEARCH_BODY(CHAR)                                                             \
    {                                                                                         \
        const CHAR *s = (const CHAR *)data;                                                   \
        Py_ssize_t run_end = pos; /* first non-Han character at or after i */                 \
        for (Py_ssize_t i = pos; i < n; i++) {                                                \
            if (run_end <= i) {                                                               \
                if (!is_han(s[i])) {                                                          \
                    run_end = i;                                                              \
                    continue;                                                                 \
                }                                                                             \
                run_end = i + 1;                                                              \
                while (run_end < n && run_end - i < MAX_UNIT && is_han(s[run_end])) {        \
                    run_end++;                                                                \
                }                                                                             \
            }                                                                                 \
            else if (run_end - i < MAX_UNIT) {                                                \
                /* the run may reach further now that its start moved on */                   \
                while (run_end < n && run_end - i < MAX_UNIT && is_han(s[run_end])) {        \
                    run_end++;                                                                \
                }                                                                             \
            }                                                                                 \
            Py_ssize_t longest = run_end - i;                                                 \
            if (longest > MAX_UNIT) {                                                         \
                longest = MAX_UNIT;                                                           \
            }                                                                                 \
            if (!SAME_AHEAD(s, i, n, longest)) {                                              \
                continue; /* no s[i + len] equals s[i]: no unit begins here */                \
            }                                                                                 \
            for (Py_ssize_t len = longest; len >= 1; len--) {                                 \
                if (i + 2 * len > n) {                                                        \
                    continue;                                                                 \
                }                                                                             \
                Py_ssize_t k = 0;                                                             \
                while (k < len && s[i + k] == s[i + len + k]) {                               \
                    k++;                                                                      \
                }                                                                             \
                if (k == len) {                                                               \
                    return pack((Py_ssize_t[]){i, len}, 2, NULL, 0, NULL, 0);              \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
        Py_RETURN_NONE;                                                                       \
    }

static PyObject *
doubled_search(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "doubled_search(text, pos) takes two arguments");
        return NULL;
    }
    PyObject *text = args[0];
    if (check_str(text, "doubled_search: text must be str") < 0) {
        return NULL;
    }
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    if (pos == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (pos < 0) {
        pos = 0; /* as re's search does */
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        Py_RETURN_NONE; /* no Han character fits in one byte */
    case PyUnicode_2BYTE_KIND:
        DOUBLED_SEARCH_BODY(Py_UCS2)
    default:
        DOUBLED_SEARCH_BODY(Py_UCS4)
    }
}

static inline int
ends_sentence(Py_UCS4 c)
{
    return c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */ || c == '!' ||
           c == '?' || c == 0xFF1B /* ； */ || c == ';';
}

static inline int
is_text(Py_UCS4 c)
{
    return is_han(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A growing buffer for one normalised sentence: sized to the longest sentence, not the draft
 * (a 100 MB single-line draft would otherwise take 400 MB more for it). */
typedef struct {
    Py_UCS4 *data;
    Py_ssize_t size;
} Buffer;

static int
buffer_put(Buffer *buf, Py_ssize_t at, Py_UCS4 c)
{
    if (at == buf->size) {
        Py_ssize_t size = buf->size ? buf->size * 2 : 256;
        Py_UCS4 *data = PyMem_Resize(buf->data, Py_UCS4, size);
        if (data == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        buf->data = data;
        buf->size = size;
    }
    buf->data[at] = c;
    return 0;
}

/* Appends the sentences of text[lo:hi] to out. */
static int
add_sentences(PyObject *out, int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi,
              Buffer *buf)
{
    Py_ssize_t i = lo;
    while (i < hi) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (ends_sentence(c) || c == '\n') {
            i++;
            continue;
        }
        Py_ssize_t start = i, kept = 0;
        while (i < hi) {
            c = PyUnicode_READ(kind, data, i);
            if (ends_sentence(c) || c == '\n') {
                break;
            }
            if (is_text(c)) {
                if (buffer_put(buf, kept++, c) < 0) {
                    return -1;
                }
            }
            i++;
        }
        if (i < hi && ends_sentence(PyUnicode_READ(kind, data, i))) {
            i++; /* the mark that ends it belongs to it (and is not text) */
        }
        if (kept == 0) {
            continue;
        }
        PyObject *norm = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf->data, kept);
        if (norm == NULL) {
            return -1;
        }
        PyObject *item = pack((Py_ssize_t[]){start, i}, 2, &norm, 1, NULL, 0);
        Py_DECREF(norm);
        if (item == NULL) {
            return -1;
        }
        int failed = PyList_Append(out, item);
        Py_DECREF(item);
        if (failed) {
            return -1;
        }
    }
    return 0;
}

static PyObject *
sentences(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "sentences(text: str, spans) takes two arguments");
        return NULL;
    }
    PyObject *text = args[0];
    if (check_str(text, "sentences(text: str, spans) takes two arguments") < 0) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *spans = PySequence_Fast(args[1], "sentences: spans must be a sequence");
    if (spans == NULL) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    Buffer buf = {NULL, 0};
    if (out == NULL) {
        goto fail;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(spans);
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_ssize_t lo, hi;
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(spans, k), "nn", &lo, &hi)) {
            goto fail;
        }
        /* clamped as re clamps pos and endpos */
        lo = lo < 0 ? 0 : (lo > n ? n : lo);
        hi = hi > n ? n : hi; /* and a span that ends before it starts holds nothing */
        if (add_sentences(out, kind, data, lo, hi, &buf) < 0) {
            goto fail;
        }
    }
    PyMem_Free(buf.data);
    Py_DECREF(spans);
    return out;
fail:
    PyMem_Free(buf.data);
    Py_XDECREF(out);
    Py_DECREF(spans);
    if (!PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    return NULL;
}

/* char_mask(text) -> bytes: which characters text holds, for meets_all. A bitmap of the Basic
 * Multilingual Plane (8,192 bytes, bit c % 8 of byte c / 8 for character c), then the
 * characters beyond it that text holds, sorted and each once, as native 4-byte integers.
 *
 * meets_all(mask, requirements) -> bool: whether every string in the tuple requirements has
 * a character in the mask's text. The prefilter asks this ~60 times a draft (one per rule
 * pattern); testing each character with `in` scanned the draft once per absent character.
 * Gain (the two together) 1.10x. */
#define BMP_MASK_BYTES 8192

static int
compare_ucs4(const void *a, const void *b)
{
    Py_UCS4 x = *(const Py_UCS4 *)a, y = *(const Py_UCS4 *)b;
    return (x > y) - (x < y);
}

static PyObject *
char_mask(PyObject *module, PyObject *text)
{
    if (check_str(text, "char_mask: text must be str") < 0) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    unsigned char bmp[BMP_MASK_BYTES];
    memset(bmp, 0, sizeof bmp);
    Py_UCS4 *beyond = NULL;
    Py_ssize_t count = 0, room = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < 0x10000) {
            set_bit(bmp, c);
        }
        else {
            if (count == room) {
                room = room ? 2 * room : 16;
                Py_UCS4 *grown = PyMem_Realloc(beyond, (size_t)room * sizeof(Py_UCS4));
                if (grown == NULL) {
                    PyMem_Free(beyond);
                    return PyErr_NoMemory();
                }
                beyond = grown;
            }
            beyond[count++] = c;
        }
    }
    Py_ssize_t unique = 0;
    if (count) {
        qsort(beyond, (size_t)count, sizeof(Py_UCS4), compare_ucs4);
        for (Py_ssize_t i = 0; i < count; i++) {
            if (unique == 0 || beyond[unique - 1] != beyond[i]) {
                beyond[unique++] = beyond[i];
            }
        }
    }
    PyObject *out =
        PyBytes_FromStringAndSize(NULL, BMP_MASK_BYTES + unique * (Py_ssize_t)sizeof(Py_UCS4));
    if (out != NULL) {
        char *dest = PyBytes_AS_STRING(out);
        memcpy(dest, bmp, BMP_MASK_BYTES);
        if (unique) {
            memcpy(dest + BMP_MASK_BYTES, beyond, (size_t)unique * sizeof(Py_UCS4));
        }
    }
    PyMem_Free(beyond);
    return out;
}

static PyObject *
meets_all(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyBytes_Check(args[0]) || !PyTuple_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "meets_all(mask: bytes, requirements: tuple)");
        return NULL;
    }
    Py_ssize_t size = PyBytes_GET_SIZE(args[0]);
    if (size < BMP_MASK_BYTES || (size - BMP_MASK_BYTES) % sizeof(Py_UCS4)) {
        PyErr_SetString(PyExc_ValueError, "meets_all: mask is not one char_mask made");
        return NULL;
    }
    const unsigned char *bmp = (const unsigned char *)PyBytes_AS_STRING(args[0]);
    const unsigned char *beyond = bmp + BMP_MASK_BYTES;
    Py_ssize_t n_beyond = (size - BMP_MASK_BYTES) / (Py_ssize_t)sizeof(Py_UCS4);
    PyObject *requirements = args[1];
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(requirements); k++) {
        PyObject *chars = PyTuple_GET_ITEM(requirements, k);
        if (check_str(chars, "meets_all: each requirement must be str") < 0) {
            return NULL;
        }
        Py_ssize_t n = PyUnicode_GET_LENGTH(chars);
        int kind = PyUnicode_KIND(chars);
        const void *data = PyUnicode_DATA(chars);
        int met = 0;
        for (Py_ssize_t i = 0; i < n && !met; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c < 0x10000) {
                met = has_bit(bmp, c);
            }
            else {
                /* the bytes after the bitmap need not be aligned for Py_UCS4 */
                for (Py_ssize_t j = 0; j < n_beyond && !met; j++) {
                    Py_UCS4 held;
                    memcpy(&held, beyond + j * sizeof(Py_UCS4), sizeof held);
                    met = held == c;
                }
            }
        }
        if (!met) {
            Py_RETURN_FALSE;
        }
    }
    Py_RETURN_TRUE;
}

/* sorted_line_search(text, key) -> str | None: the first line of text (lines joined by "\n",
 * sorted) that does not sort below key, without its "\n"; None when every line does. jieba's
 * word table is answered from the dictionary's text this way in a one-draft run (see
 * speechlint.checking.segment): in Python a search took ~13 µs, and loading the tokenizer
 * makes ~500. Gain 1.06x. */
static int
compare_span(int kind, const void *data, Py_ssize_t start, Py_ssize_t end, int key_kind,
             const void *key_data, Py_ssize_t key_len)
{
    Py_ssize_t n = end - start;
    for (Py_ssize_t i = 0; i < n && i < key_len; i++) {
        Py_UCS4 a = PyUnicode_READ(kind, data, start + i);
        Py_UCS4 b = PyUnicode_READ(key_kind, key_data, i);
        if (a != b) {
            return a < b ? -1 : 1;
        }
    }
    return (n > key_len) - (n < key_len);
}

static PyObject *
sorted_line_search(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "sorted_line_search(text, key) takes two arguments");
        return NULL;
    }
    if (check_str(args[0], "sorted_line_search: text must be str") < 0 ||
        check_str(args[1], "sorted_line_search: key must be str") < 0) {
        return NULL;
    }
    PyObject *text = args[0];
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int key_kind = PyUnicode_KIND(args[1]);
    const void *key_data = PyUnicode_DATA(args[1]);
    Py_ssize_t key_len = PyUnicode_GET_LENGTH(args[1]);
    /* Every line starting before lo sorts below key; every line starting at hi or later
     * does not. */
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        Py_ssize_t start = mid;
        while (start > lo && PyUnicode_READ(kind, data, start - 1) != '\n') {
            start--;
        }
        Py_ssize_t end = start;
        while (end < n && PyUnicode_READ(kind, data, end) != '\n') {
            end++;
        }
        if (compare_span(kind, data, start, end, key_kind, key_data, key_len) < 0) {
            lo = end + 1;
        }
        else {
            hi = start;
        }
    }
    if (lo >= n) {
        Py_RETURN_NONE;
    }
    Py_ssize_t end = lo;
    while (end < n && PyUnicode_READ(kind, data, end) != '\n') {
        end++;
    }
    return PyUnicode_Substring(text, lo, end);
}

/* pair_starts: see the comment at the top. The layout of table, and the hash, are
 * speechlint.speed.speedups.pair_table's. */
#define PAIR_FIRST_BYTES 8192
#define PAIR_HASH_BITS 17
#define PAIR_TABLE_BYTES (2 * PAIR_FIRST_BYTES + (1 << PAIR_HASH_BITS) / 8)

static inline uint32_t
pair_hash(Py_UCS4 a, Py_UCS4 b)
{
    return ((uint32_t)(a * 0x9E3779B1u) ^ (uint32_t)(b * 0x85EBCA6Bu)) >> (32 - PAIR_HASH_BITS);
}

/* Whether offset i, holding a (next: the character after it, if has_next), passes table:
 * a's bit among the first characters, then its bit among those that suffice alone or the
 * bit of its pair with the next character (beyond the BMP the first test is the hash's). */
static inline int
table_hit(const unsigned char *table, Py_UCS4 a, Py_UCS4 next, int has_next)
{
    if (a < 0x10000) {
        if (!has_bit(table, a)) {
            return 0;
        }
        if (has_bit(table + PAIR_FIRST_BYTES, a)) {
            return 1;
        }
    }
    if (!has_next) {
        return 0;
    }
    uint32_t h = pair_hash(a, next);
    return has_bit(table + 2 * PAIR_FIRST_BYTES, h);
}

/* Append the offset i to list: 0, or -1 with an exception set. */
static inline int
append_offset(PyObject *list, Py_ssize_t i)
{
    PyObject *at = PyLong_FromSsize_t(i);
    if (at == NULL) {
        return -1;
    }
    int failed = PyList_Append(list, at);
    Py_DECREF(at);
    return failed;
}

#define PAIR_STARTS_BODY(CHAR)                                                                \
    {                                                                                         \
        const CHAR *s = (const CHAR *)data;                                                   \
        for (Py_ssize_t i = pos; i < endpos; i++) {                                           \
            int has_next = i + 1 < endpos;                                                    \
            if (table_hit(first, s[i], has_next ? s[i + 1] : 0, has_next)                     \
                && append_offset(out, i) < 0) {                                               \
                Py_DECREF(out);                                                               \
                return NULL;                                                                  \
            }                                                                                 \
        }                                                                                     \
    }

static PyObject *
pair_starts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "pair_starts(text, pos, endpos, table)");
        return NULL;
    }
    if (check_str(args[0], "pair_starts: text must be str") < 0) {
        return NULL;
    }
    if (!PyBytes_Check(args[3]) || PyBytes_GET_SIZE(args[3]) != PAIR_TABLE_BYTES) {
        PyErr_SetString(PyExc_ValueError, "pair_starts: table is not one pair_table made");
        return NULL;
    }
    Py_ssize_t pos = PyLong_AsSsize_t(args[1]);
    if (pos == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t endpos = PyLong_AsSsize_t(args[2]);
    if (endpos == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *text = args[0];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    /* clamped as re clamps pos and endpos */
    if (endpos > n) {
        endpos = n;
    }
    if (pos < 0) {
        pos = 0;
    }
    const unsigned char *first = (const unsigned char *)PyBytes_AS_STRING(args[3]);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        PAIR_STARTS_BODY(Py_UCS1)
        break;
    case PyUnicode_2BYTE_KIND:
        PAIR_STARTS_BODY(Py_UCS2)
        break;
    default:
        PAIR_STARTS_BODY(Py_UCS4)
        break;
    }
    return out;
}

/* pair_starts_many(text, first, tables): [pair_starts(text, 0, len(text), t) for t in tables]
 * in one pass. first is the union of the tables' first-character bitmaps (PAIR_FIRST_BYTES): a
 * character in none of them (most) is passed over by one test instead of one per table. */
#define MAX_TABLES 64

#define PAIR_STARTS_MANY_BODY(CHAR)                                                           \
    {                                                                                         \
        const CHAR *s = (const CHAR *)data;                                                   \
        for (Py_ssize_t i = 0; i < n; i++) {                                                  \
            Py_UCS4 a = s[i];                                                                 \
            if (a < 0x10000 && !has_bit(first, a)) {                                          \
                continue;                                                                     \
            }                                                                                 \
            int has_next = i + 1 < n;                                                         \
            Py_UCS4 next = has_next ? s[i + 1] : 0;                                           \
            for (Py_ssize_t t = 0; t < count; t++) {                                          \
                if (table_hit(tables[t], a, next, has_next)                                   \
                    && append_offset(PyList_GET_ITEM(out, t), i) < 0) {                       \
                    Py_DECREF(out);                                                           \
                    return NULL;                                                              \
                }                                                                             \
            }                                                                                 \
        }                                                                                     \
    }

static PyObject *
pair_starts_many(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "pair_starts_many(text, first, tables)");
        return NULL;
    }
    if (check_str(args[0], "pair_starts_many: text must be str") < 0) {
        return NULL;
    }
    if (!PyBytes_Check(args[1]) || PyBytes_GET_SIZE(args[1]) != PAIR_FIRST_BYTES) {
        PyErr_SetString(PyExc_ValueError, "pair_starts_many: first is not a first-character bitmap");
        return NULL;
    }
    if (!PyTuple_Check(args[2]) || PyTuple_GET_SIZE(args[2]) > MAX_TABLES) {
        PyErr_SetString(PyExc_ValueError, "pair_starts_many: tables must be a tuple of at most 64");
        return NULL;
    }
    const unsigned char *tables[MAX_TABLES];
    Py_ssize_t count = PyTuple_GET_SIZE(args[2]);
    for (Py_ssize_t t = 0; t < count; t++) {
        PyObject *table = PyTuple_GET_ITEM(args[2], t);
        if (!PyBytes_Check(table) || PyBytes_GET_SIZE(table) != PAIR_TABLE_BYTES) {
            PyErr_SetString(PyExc_ValueError, "pair_starts_many: a table is not one pair_table made");
            return NULL;
        }
        tables[t] = (const unsigned char *)PyBytes_AS_STRING(table);
    }
    const unsigned char *first = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    PyObject *text = args[0];
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(count);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t t = 0; t < count; t++) {
        PyObject *empty = PyList_New(0);
        if (empty == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, t, empty);
    }
    const void *data = PyUnicode_DATA(text);
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        PAIR_STARTS_MANY_BODY(Py_UCS1)
        break;
    case PyUnicode_2BYTE_KIND:
        PAIR_STARTS_MANY_BODY(Py_UCS2)
        break;
    default:
        PAIR_STARTS_MANY_BODY(Py_UCS4)
        break;
    }
    return out;
}

/* digit_runs: see the comment at the top. No character from U+3000 to U+9FFF (CJK marks,
 * kana, Han) is a decimal digit (tests/test_speedups.py checks it for the running Python), so
 * the common characters of a draft are passed over without the Unicode table lookup. */
static inline int
is_decimal(Py_UCS4 c)
{
    if (c < 0x80) {
        return c >= '0' && c <= '9';
    }
    if (c >= 0x3000 && c <= 0x9FFF) {
        return 0;
    }
    return Py_UNICODE_ISDECIMAL(c);
}

#define DIGIT_RUNS_BODY(CHAR)                                                                 \
    {                                                                                         \
        const CHAR *s = (const CHAR *)data;                                                   \
        int previous = 0;                                                                     \
        for (Py_ssize_t i = 0; i < n; i++) {                                                  \
            int digit = is_decimal(s[i]);                                                     \
            if (digit && !previous && append_offset(out, i) < 0) {                            \
                Py_DECREF(out);                                                               \
                return NULL;                                                                  \
            }                                                                                 \
            previous = digit;                                                                 \
        }                                                                                     \
    }

static PyObject *
digit_runs(PyObject *module, PyObject *text)
{
    if (check_str(text, "digit_runs: text must be str") < 0) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        DIGIT_RUNS_BODY(Py_UCS1)
        break;
    case PyUnicode_2BYTE_KIND:
        DIGIT_RUNS_BODY(Py_UCS2)
        break;
    default:
        DIGIT_RUNS_BODY(Py_UCS4)
        break;
    }
    return out;
}


static PyMethodDef speedups_methods[] = {
    {"doubled_search", (PyCFunction)(void (*)(void))doubled_search, METH_FASTCALL,
     "doubled_search(text, pos) -> (start, unit length) | None: the first match of "
     "([HAN]{1,8})\\1 at or after pos."},
    {"sentences", (PyCFunction)(void (*)(void))sentences, METH_FASTCALL,
     "sentences(text, spans) -> [(start, end, normalised)]: see the module's comment."},
    {"char_mask", (PyCFunction)char_mask, METH_O,
     "char_mask(text) -> bytes: the characters text holds, for meets_all."},
    {"sorted_line_search", (PyCFunction)(void (*)(void))sorted_line_search, METH_FASTCALL,
     "sorted_line_search(text, key) -> str | None: the first of text's sorted lines that "
     "does not sort below key."},
    {"meets_all", (PyCFunction)(void (*)(void))meets_all, METH_FASTCALL,
     "meets_all(mask, requirements) -> bool: every string in requirements has a character "
     "in the mask's text."},
    {"pair_starts", (PyCFunction)(void (*)(void))pair_starts, METH_FASTCALL,
     "pair_starts(text, pos, endpos, table) -> [offset]: where one of pair_table's strings "
     "may begin."},
    {"pair_starts_many", (PyCFunction)(void (*)(void))pair_starts_many, METH_FASTCALL,
     "pair_starts_many(text, first, tables) -> [[offset]]: pair_starts over the whole text "
     "for each table, in one pass."},
    {"digit_runs", (PyCFunction)digit_runs, METH_O,
     "digit_runs(text) -> [offset]: where each run of decimal digits begins."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef_Slot speedups_slots[] = {
    {0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "speechlint.speed._speedups",
    .m_doc = "Compiled twins of speechlint's hottest scans (optional; see speechlint/speed/speedups.py).",
    .m_size = 0,
    .m_methods = speedups_methods,
    .m_slots = speedups_slots,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModuleDef_Init(&speedups_module);
}
