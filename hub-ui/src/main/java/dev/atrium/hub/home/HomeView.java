package dev.atrium.hub.home;

import dev.atrium.hub.access.AccessViews;
import dev.atrium.hub.web.Fetched;
import dev.atrium.hub.web.Problem;
import java.util.List;

/** Everything the AI Toolchain Hub page shows; each part fails on its own. */
public record HomeView(Fetched<List<ModelCard>> models, Problem statusProblem, Fetched<UsageChart> usage,
        Fetched<List<WhatsNewItem>> whatsNew, Problem whatsNewPartial, Fetched<List<AccessViews.ApiKey>> keys) {

    public List<ModelCard> aiModels() {
        return models.isOk() ? models.value().stream().filter(m -> !m.isToolchain()).toList() : List.of();
    }

    public List<ModelCard> toolchains() {
        return models.isOk() ? models.value().stream().filter(ModelCard::isToolchain).toList() : List.of();
    }
}
