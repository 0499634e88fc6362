package dev.atrium.access.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Builders for the catalog entities the WireMock catalog serves (Backstage envelope, Atrium AIModel/Toolchain spec). */
public final class CatalogEntities {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogEntities() {
    }

    /** An AIModel; defaults: owner ml-platform-team, lifecycle production, selfService, cost center CC-4200. */
    public static final class Model {
        final String name;
        String tier = "open";
        String owner = "ml-platform-team";
        String lifecycle = "production";
        String requestAccess = "selfService";
        String costCenter = "CC-4200-ml-platform";
        String healthUrl;

        Model(String name) {
            this.name = name;
        }

        public Model tier(String v) {
            tier = v;
            return this;
        }

        public Model owner(String v) {
            owner = v;
            return this;
        }

        public Model lifecycle(String v) {
            lifecycle = v;
            return this;
        }

        public Model requestAccess(String v) {
            requestAccess = v;
            return this;
        }

        public Model costCenter(String v) {
            costCenter = v;
            return this;
        }

        public Model healthUrl(String v) {
            healthUrl = v;
            return this;
        }

        public String name() {
            return name;
        }

        public String ref() {
            return "aimodel:default/" + name;
        }

        public ObjectNode json() {
            ObjectNode e = JSON.createObjectNode();
            e.put("apiVersion", "atrium.dev/v1alpha1");
            e.put("kind", "AIModel");
            ObjectNode md = e.putObject("metadata");
            md.put("name", name);
            md.put("namespace", "default");
            md.put("title", "Model " + name);
            md.put("uid", java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString());
            ObjectNode annotations = md.putObject("annotations");
            if (healthUrl != null) {
                annotations.put("atrium.dev/health-url", healthUrl);
            }
            ObjectNode spec = e.putObject("spec");
            spec.put("owner", owner);
            spec.put("lifecycle", lifecycle);
            spec.put("modelType", "gateway");
            spec.put("accessTier", tier);
            spec.put("costCenter", costCenter);
            spec.putObject("requestAccess").put("type", requestAccess);
            return e;
        }
    }

    public static Model model(String name) {
        return new Model(name);
    }

    /** A Toolchain using the given models. */
    public static ObjectNode toolchain(String name, String owner, String requestAccess, List<String> modelRefs) {
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "atrium.dev/v1alpha1");
        e.put("kind", "Toolchain");
        ObjectNode md = e.putObject("metadata");
        md.put("name", name);
        md.put("namespace", "default");
        md.put("title", "Toolchain " + name);
        ObjectNode spec = e.putObject("spec");
        spec.put("owner", owner);
        spec.put("lifecycle", "production");
        spec.put("type", "coding-assistant");
        var models = spec.putArray("models");
        modelRefs.forEach(models::add);
        spec.putObject("requestAccess").put("type", requestAccess);
        return e;
    }

    /** A Component (not requestable). */
    public static ObjectNode component(String name) {
        ObjectNode e = JSON.createObjectNode();
        e.put("apiVersion", "backstage.io/v1alpha1");
        e.put("kind", "Component");
        e.putObject("metadata").put("name", name).put("namespace", "default");
        e.putObject("spec").put("owner", "payments-team").put("type", "service").put("lifecycle", "production");
        return e;
    }
}
