package dev.atrium.bench;

/** How many entities of each kind a generated catalog of a given size contains. */
public record EntityCounts(int domains, int departments, int teams, int users, int systems, int components,
                           int apis, int resources, int aiModels, int toolchains) {

    /** The smallest catalog that still has every kind and a team in every domain. */
    public static final int MINIMUM_TOTAL = 20;

    /**
     * The mix for {@code total} entities: groups ~1 % (one parent group per domain, the rest teams), users ~2 %,
     * domains ~0.2 % (at least 2), systems ~3 %, APIs ~15 %, resources ~18 %, AI models ~2 %, toolchains ~0.5 %,
     * and components take the remainder (~58 %).
     */
    public static EntityCounts forTotal(int total) {
        if (total < MINIMUM_TOTAL) {
            throw new IllegalArgumentException("need at least " + MINIMUM_TOTAL + " entities, got " + total);
        }
        int domains = Math.max(2, share(total, 0.002));
        int groups = Math.max(2 * domains, share(total, 0.01));
        int teams = groups - domains;
        int users = Math.max(1, share(total, 0.02));
        int systems = Math.max(domains, share(total, 0.03));
        int apis = Math.max(1, share(total, 0.15));
        int resources = Math.max(1, share(total, 0.18));
        int aiModels = Math.max(1, share(total, 0.02));
        int toolchains = Math.max(1, share(total, 0.005));
        int components = total - domains - groups - users - systems - apis - resources - aiModels - toolchains;
        return new EntityCounts(domains, domains, teams, users, systems, components, apis, resources, aiModels, toolchains);
    }

    private static int share(int total, double fraction) {
        return (int) Math.round(total * fraction);
    }

    /** Groups of both kinds: the per-domain parent groups and the teams. */
    public int groups() {
        return departments + teams;
    }

    /** All generated entities (Location files not included). */
    public int total() {
        return domains + departments + teams + users + systems + components + apis + resources + aiModels + toolchains;
    }
}
