package dev.atrium.access.provisioning.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.access.provisioning.Provisioner;
import dev.atrium.access.provisioning.ProvisioningContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Identity-provider step with Keycloak: each AIModel the grant covers has an access group
 * {@code <prefix><model name>} (created when missing) whose attribute {@code atrium.teams} lists the teams
 * granted; the team's members are made members of it. Keycloak has no groups inside groups without moving
 * the team group, so the team's membership is copied, and a revocation removes only the members that no
 * other granted team still brings in. The access group's name never equals a team name, so membership of it
 * cannot be mistaken for team membership in the {@code groups} claim.
 */
public class KeycloakGroupProvisioner implements Provisioner {
    /** Group attribute listing the teams granted through the group. */
    public static final String TEAMS_ATTRIBUTE = "atrium.teams";

    private final KeycloakAdmin admin;
    private final String groupPrefix;

    public KeycloakGroupProvisioner(KeycloakAdmin admin, String groupPrefix) {
        this.admin = admin;
        this.groupPrefix = groupPrefix;
    }

    @Override
    public String step() {
        return "identity-group";
    }

    @Override
    public String adapter() {
        return "keycloak";
    }

    /** Name of a model's access group. */
    public String accessGroupName(String modelRef) {
        return groupPrefix + ProvisioningContext.nameOf(modelRef);
    }

    @Override
    public String provision(ProvisioningContext c) throws IOException, InterruptedException {
        JsonNode team = admin.groupByName(c.teamName())
                .orElseThrow(() -> new IOException("team group '" + c.teamName() + "' not found in the identity provider"));
        List<String> members = admin.memberIds(team.path("id").asText());
        List<String> groups = new ArrayList<>();
        for (String model : new TreeSet<>(c.coveredModels().keySet())) {
            String name = accessGroupName(model);
            JsonNode group = admin.groupByPath("/" + name).orElse(null);
            if (group == null) {
                admin.createGroup(name);
                group = admin.groupByPath("/" + name)
                        .orElseThrow(() -> new IOException("access group " + name + " vanished right after it was created"));
            }
            Set<String> teams = teams(group);
            if (teams.add(c.team())) {
                admin.setAttribute(group, TEAMS_ATTRIBUTE, List.copyOf(teams));
            }
            String groupId = group.path("id").asText();
            for (String userId : members) {
                admin.addMember(userId, groupId);
            }
            groups.add("/" + name);
        }
        return String.join(",", groups) + " (" + members.size() + " members of " + c.teamName() + ")";
    }

    @Override
    public String deprovision(ProvisioningContext c) throws IOException, InterruptedException {
        List<String> done = new ArrayList<>();
        for (String model : new TreeSet<>(c.coveredModels().keySet())) {
            String name = accessGroupName(model);
            JsonNode group = admin.groupByPath("/" + name).orElse(null);
            if (group == null) {
                continue;
            }
            Set<String> teams = teams(group);
            if (teams.remove(c.team())) {
                admin.setAttribute(group, TEAMS_ATTRIBUTE, List.copyOf(teams));
            }
            Set<String> stillGranted = new HashSet<>();
            for (String other : teams) {
                String otherName = other.substring(other.indexOf('/') + 1);
                JsonNode otherGroup = admin.groupByName(otherName).orElse(null);
                if (otherGroup != null) {
                    stillGranted.addAll(admin.memberIds(otherGroup.path("id").asText()));
                }
            }
            JsonNode team = admin.groupByName(c.teamName()).orElse(null);
            List<String> leaving = team == null ? List.of() : admin.memberIds(team.path("id").asText());
            String groupId = group.path("id").asText();
            int removed = 0;
            for (String userId : leaving) {
                if (!stillGranted.contains(userId)) {
                    admin.removeMember(userId, groupId);
                    removed++;
                }
            }
            done.add("/" + name + " (-" + removed + ")");
        }
        return done.isEmpty() ? "no access groups" : String.join(",", done);
    }

    private static Set<String> teams(JsonNode group) {
        Set<String> teams = new TreeSet<>();
        group.path("attributes").path(TEAMS_ATTRIBUTE).forEach(t -> teams.add(t.asText()));
        return teams;
    }
}
