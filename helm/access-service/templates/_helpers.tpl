{{/*
Chart name, overridable with nameOverride. Kept to 63 characters (DNS label limit).
*/}}
{{- define "access-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name used for every object of a release. When the release name already
contains the chart name it is used as is, so `helm install access-service .` does not
produce "access-service-access-service".
*/}}
{{- define "access-service.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "access-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels shared by every object.
*/}}
{{- define "access-service.labels" -}}
helm.sh/chart: {{ include "access-service.chart" . }}
{{ include "access-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: atrium
app.kubernetes.io/component: access
{{- end }}

{{/*
Labels that select the pods; they must never change between upgrades.
*/}}
{{- define "access-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "access-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pods run as.
*/}}
{{- define "access-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "access-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "access-service.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Issuer URL of the OIDC provider: global.atrium.oidc.url when an umbrella chart (helm/atrium) sets it,
else oidc.url.
*/}}
{{- define "access-service.oidcUrl" -}}
{{- $global := dig "atrium" "oidc" "url" "" (.Values.global | default dict) }}
{{- default .Values.oidc.url $global }}
{{- end }}

{{/*
JDBC URL of the service's database. When an umbrella chart (helm/atrium) names a shared PostgreSQL
server in global.atrium.postgresql.host, the URL is built from that host and port and database.name;
otherwise it is database.url.
*/}}
{{- define "access-service.databaseUrl" -}}
{{- $pg := dig "atrium" "postgresql" dict (.Values.global | default dict) }}
{{- if $pg.host }}
{{- $name := required "database.name is required when global.atrium.postgresql.host is set" .Values.database.name }}
{{- printf "jdbc:postgresql://%s:%v/%s" $pg.host ($pg.port | default 5432) $name }}
{{- with $pg.parameters }}{{ printf "?%s" . }}{{ end }}
{{- else }}
{{- .Values.database.url }}
{{- end }}
{{- end }}

{{/*
Base URL of another Atrium service. Call with (list $ "<key>" <own value>): global.atrium.services.<key>
when an umbrella chart (helm/atrium) sets it, rendered with tpl so the umbrella can derive it from the
release name; else this chart's own value.
*/}}
{{- define "access-service.serviceUrl" -}}
{{- $root := index . 0 }}
{{- $global := dig "atrium" "services" (index . 1) "" ($root.Values.global | default dict) }}
{{- if $global }}
{{- tpl $global $root }}
{{- else }}
{{- index . 2 }}
{{- end }}
{{- end }}
