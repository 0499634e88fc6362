package dev.atrium.scaffolder.survey;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Every statement against {@code task_surveys}. */
@ApplicationScoped
public class SurveyRepository implements PanacheRepositoryBase<SurveyEntity, UUID> {
}
