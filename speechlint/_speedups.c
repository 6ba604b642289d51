/* Optional compiled scans for speechlint.
 *
 * Each function here has a pure-Python twin that gives the same answer for every input (the
 * test suite compares them on random text); speechlint uses this module only when it was
 * built, so a machine without a C compiler gets the same findings, more slowly.
 *
 * doubled_search(text, pos): where the regular expression ([HAN]{1,8})\1 first matches in text
 * at or after pos, as (start, unit length), or None. HAN is U+4E00-U+9FFF and U+3400-U+4DBF.
 * Like re, it takes at each start the longest Han run (at most 8) that is followed by a copy of
 * itself, shortening it one character at a time. This scan is the first step of RP001
 * (doubled-word) and, done by re, about a tenth of checking a draft: re backtracks through up
 * to eight lengths at every character.
 *
 * sentences(text, spans): for each (start, end) span, in order, the matches of
 * [^。！？!?；;\n]+[。！？!?；;]? within it as (start, end, normalised), where normalised is the
 * match with every character but Han (as above) and ASCII letters and digits removed; matches
 * that normalise to nothing are left out. RP003-RP005 compare sentences by this form; done
 * with re it is a scan plus a sub per sentence (~120 a draft).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MAX_UNIT 8

static inline int
is_han(Py_UCS4 c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

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
            for (Py_ssize_t len = longest; len >= 1; len--) {                                 \
                if (i + 2 * len > n) {                                                        \
                    continue;                                                                 \
                }                                                                             \
                Py_ssize_t k = 0;                                                             \
                while (k < len && s[i + k] == s[i + len + k]) {                               \
                    k++;                                                                      \
                }                                                                             \
                if (k == len) {                                                               \
                    return Py_BuildValue("(nn)", i, len);                                     \
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
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "doubled_search: text must be str");
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
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

/* Appends the sentences of text[lo:hi] to out; buf has room for hi - lo characters. */
static int
add_sentences(PyObject *out, int kind, const void *data, Py_ssize_t lo, Py_ssize_t hi,
              Py_UCS4 *buf)
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
                buf[kept++] = c;
            }
            i++;
        }
        if (i < hi && ends_sentence(PyUnicode_READ(kind, data, i))) {
            i++; /* the mark that ends it belongs to it (and is not text) */
        }
        if (kept == 0) {
            continue;
        }
        PyObject *norm = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, kept);
        if (norm == NULL) {
            return -1;
        }
        PyObject *item = Py_BuildValue("(nnN)", start, i, norm);
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
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "sentences(text: str, spans) takes two arguments");
        return NULL;
    }
    PyObject *text = args[0];
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0) {
        return NULL;
    }
#endif
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *spans = PySequence_Fast(args[1], "sentences: spans must be a sequence");
    if (spans == NULL) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    Py_UCS4 *buf = PyMem_New(Py_UCS4, n > 0 ? n : 1);
    if (out == NULL || buf == NULL) {
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
        if (add_sentences(out, kind, data, lo, hi, buf) < 0) {
            goto fail;
        }
    }
    PyMem_Free(buf);
    Py_DECREF(spans);
    return out;
fail:
    PyMem_Free(buf);
    Py_XDECREF(out);
    Py_DECREF(spans);
    if (!PyErr_Occurred()) {
        PyErr_NoMemory();
    }
    return NULL;
}

static PyMethodDef speedups_methods[] = {
    {"doubled_search", (PyCFunction)(void (*)(void))doubled_search, METH_FASTCALL,
     "doubled_search(text, pos) -> (start, unit length) | None: the first match of "
     "([HAN]{1,8})\\1 at or after pos."},
    {"sentences", (PyCFunction)(void (*)(void))sentences, METH_FASTCALL,
     "sentences(text, spans) -> [(start, end, normalised)]: see the module's comment."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef_Slot speedups_slots[] = {
    {0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "speechlint._speedups",
    .m_doc = "Compiled twins of speechlint's hottest scans (optional; see speechlint/speedups.py).",
    .m_size = 0,
    .m_methods = speedups_methods,
    .m_slots = speedups_slots,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModuleDef_Init(&speedups_module);
}
