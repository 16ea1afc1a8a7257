#pragma once

// Catalog names as the CapCutAPI routes use them (capcutapi-compat.md §6), shared by the compat
// route files: the name a GET route lists for an entry, and the resolution of a name sent by a
// script.

#include "core/draft/catalog/catalogentry.h"

#include <QStringList>

#include <optional>

namespace CutPilot::Core {
class CatalogRegistry;
}

namespace CutPilot::Api::CompatCatalog {

/// The name CapCutAPI lists and accepts for an entry: its compat alias (the api_name) when it has
/// one, else its display name (else its English name).
QString compatName(const Core::CatalogEntry &entry);

/// Case-folded, without spaces, '_' and '-' (§6 step 3).
QString normalisedName(const QString &name);

struct Resolution
{
    std::optional<Core::CatalogEntry> entry;
    QStringList closeNames;    ///< up to 20 compat names near the one asked for (when not found)
    bool catalogEmpty = false; ///< nothing of this kind and namespace is loaded
};

/// §6: exact compat alias, exact display name (CatalogRegistry::find, which then also tries the
/// same case-insensitively), then a normalised match when exactly one entry has it. `catalogs` may
/// be null (nothing loaded).
Resolution resolve(const Core::CatalogRegistry *catalogs, Core::CatalogKind kind,
                   Core::CatalogNamespace ns, const QString &name);

/// `base` (the route's KEEP "unknown …" text) followed by what helps: the close names, or that no
/// catalog of this kind is loaded.
QString unknownNameMessage(const QString &base, const Resolution &resolution, const QString &what);

} // namespace CutPilot::Api::CompatCatalog
