#ifndef POLICYCHECK_CLIBXML2_SHIM_H
#define POLICYCHECK_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its encoding.h includes <unicode/ucnv.h>; those system ICU
   headers clash with the copy Foundation ships (_FoundationICU). policycheck never touches the
   ICU-specific members of xmlCharEncodingHandler (only pointers to it), so leave ICU out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a macro (a global function pointer) on Debian; Swift cannot call it directly.
static inline void policycheck_xmlFree(void *pointer) {
    xmlFree(pointer);
}

static inline void policycheck_ignore_generic_error(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

/// Routes libxml2's generic (stderr) error channel to nowhere for this thread: policycheck
/// receives every parser error through the structured callback instead.
static inline void policycheck_silence_generic_errors(void) {
    xmlSetGenericErrorFunc(NULL, policycheck_ignore_generic_error);
}

#endif
