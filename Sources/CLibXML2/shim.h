#ifndef POLICYCHECK_CLIBXML2_SHIM_H
#define POLICYCHECK_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlmemory.h>

/// `xmlFree` is a macro (a global function pointer) on Debian; Swift cannot call it directly.
static inline void policycheck_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
