package dev.atrium.access.request;

import dev.atrium.commons.security.AtriumUser;
import dev.atrium.commons.security.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The approval rules of DESIGN §7, by access tier, as one pure class:
 * <ul>
 * <li>{@code open}: approved at once;</li>
 * <li>{@code standard}: approved at once up to {@code standardAutoApproveMax} expected tokens a month, above it by
 * the model's owner group;</li>
 * <li>{@code restricted}: approved by the model's owner group and by a platform admin, two different people.</li>
 * </ul>
 * A toolchain needs what each of its models needs. {@code requestAccess.type: ticket} always needs the owner
 * (a person reviews it); {@code none} cannot be requested. An unknown tier counts as restricted.
 * Who may fill a required approval is decided here too, with commons {@link Policy} for ownership.
 */
public final class AccessPolicy {
    /** Required approval filled by a holder of the platform-admin role. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Prefix of a required approval filled by a member of the owner group that follows it. */
    public static final String OWNER_PREFIX = "owner:";

    public static final String OPEN = "open";
    public static final String STANDARD = "standard";
    public static final String RESTRICTED = "restricted";
    private static final List<String> TIERS = List.of(OPEN, STANDARD, RESTRICTED);

    private final long standardAutoApproveMax;

    public AccessPolicy(long standardAutoApproveMax) {
        this.standardAutoApproveMax = standardAutoApproveMax;
    }

    /** An AIModel a request covers. */
    public record Model(String ref, String tier, String owner) {
    }

    /**
     * What is requested: an AIModel (covering itself) or a Toolchain (covering its models).
     *
     * @param requestAccessType {@code selfService}, {@code ticket} or {@code none}
     */
    public record Subject(String ref, String owner, String requestAccessType, List<Model> models) {
    }

    /**
     * The outcome: the effective tier and the approvals still needed (none: approved at once), or a refusal.
     *
     * @param refusal why the subject cannot be requested at all, or null
     */
    public record Decision(String tier, List<String> requiredApprovals, List<String> reasons, String refusal) {
        public boolean autoApproved() {
            return refusal == null && requiredApprovals.isEmpty();
        }
    }

    public Decision decide(Subject subject, long expectedMonthlyTokens) {
        if ("none".equalsIgnoreCase(subject.requestAccessType())) {
            return new Decision(null, List.of(), List.of(), subject.ref() + " cannot be requested (requestAccess.type: none)");
        }
        if (subject.models().isEmpty()) {
            return new Decision(null, List.of(), List.of(), subject.ref() + " lists no AI models to grant access to");
        }
        Set<String> owners = new TreeSet<>();
        boolean admin = false;
        String tier = OPEN;
        List<String> reasons = new ArrayList<>();
        for (Model m : subject.models()) {
            String t = tierOf(m.tier());
            if (TIERS.indexOf(t) > TIERS.indexOf(tier)) {
                tier = t;
            }
            switch (t) {
                case OPEN -> reasons.add(m.ref() + " is open");
                case STANDARD -> {
                    if (expectedMonthlyTokens > standardAutoApproveMax) {
                        owners.add(m.owner());
                        reasons.add(m.ref() + " is standard and " + expectedMonthlyTokens + " tokens/month is over the "
                                + standardAutoApproveMax + " approved without its owner");
                    } else {
                        reasons.add(m.ref() + " is standard and " + expectedMonthlyTokens + " tokens/month is within "
                                + standardAutoApproveMax);
                    }
                }
                default -> {
                    owners.add(m.owner());
                    admin = true;
                    reasons.add(m.ref() + " is restricted: its owner and a platform admin approve");
                }
            }
        }
        if ("ticket".equalsIgnoreCase(subject.requestAccessType())) {
            owners.add(subject.owner());
            reasons.add(subject.ref() + " is requested by ticket: its owner reviews every request");
        }
        List<String> required = new ArrayList<>();
        owners.stream().filter(o -> o != null && !o.isBlank()).forEach(o -> required.add(OWNER_PREFIX + o));
        if (admin) {
            required.add(PLATFORM_ADMIN);
        }
        return new Decision(tier, List.copyOf(required), List.copyOf(reasons), null);
    }

    /** Canonical tier; anything unknown is treated as restricted. */
    public static String tierOf(String tier) {
        String t = tier == null ? "" : tier.trim().toLowerCase(Locale.ROOT);
        return TIERS.contains(t) ? t : RESTRICTED;
    }

    /**
     * Whether {@code user} holds what {@code role} asks for: the platform-admin role, or membership of the owner
     * group. Owner approvals need real membership: a platform admin does not stand in for the owner, so a
     * restricted request always has two people's approval.
     */
    public static boolean canFill(String role, AtriumUser user) {
        if (PLATFORM_ADMIN.equals(role)) {
            return user.platformAdmin();
        }
        if (role.startsWith(OWNER_PREFIX)) {
            AtriumUser asMember = new AtriumUser(user.subject(), user.username(), user.groupRefs(), false);
            return Policy.canEdit(asMember, role.substring(OWNER_PREFIX.length()), null);
        }
        return false;
    }

    /** The approval roles {@code user} could fill, as they appear in required approvals. */
    public static Set<String> rolesOf(AtriumUser user) {
        Set<String> roles = new TreeSet<>();
        user.groupRefs().forEach(g -> roles.add(OWNER_PREFIX + g));
        roles.add(OWNER_PREFIX + user.userRef());
        if (user.platformAdmin()) {
            roles.add(PLATFORM_ADMIN);
        }
        return roles;
    }

    /**
     * Which outstanding approval {@code user} fills, or null when they may fill none: they requested it, they
     * already decided another role of this request, or they hold none of the outstanding roles. Owner roles come
     * first, so an admin who also owns the model fills the owner role and another admin the admin role.
     *
     * @param requested the role the caller asked to fill, or null for the first they can
     */
    public static String roleToFill(List<String> outstanding, AtriumUser user, String requester, boolean alreadyDecided,
            String requested) {
        if (user.username().equalsIgnoreCase(requester) || alreadyDecided) {
            return null;
        }
        for (String role : outstanding) {
            if ((requested == null || requested.equals(role)) && role.startsWith(OWNER_PREFIX) && canFill(role, user)) {
                return role;
            }
        }
        for (String role : outstanding) {
            if ((requested == null || requested.equals(role)) && canFill(role, user)) {
                return role;
            }
        }
        return null;
    }
}
