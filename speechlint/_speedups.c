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

static PyMethodDef speedups_methods[] = {
    {"doubled_search", (PyCFunction)(void (*)(void))doubled_search, METH_FASTCALL,
     "doubled_search(text, pos) -> (start, unit length) | None: the first match of "
     "([HAN]{1,8})\\1 at or after pos."},
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
