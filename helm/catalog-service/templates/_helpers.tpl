{{/*
Chart name, overridable with nameOverride. Kept to 63 characters (DNS label limit).
*/}}
{{- define "catalog-service.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name used for every object of a release. When the release name already
contains the chart name it is used as is, so `helm install catalog-service .` does not
produce "catalog-service-catalog-service".
*/}}
{{- define "catalog-service.fullname" -}}
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
{{- define "catalog-service.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels shared by every object.
*/}}
{{- define "catalog-service.labels" -}}
helm.sh/chart: {{ include "catalog-service.chart" . }}
{{ include "catalog-service.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: atrium
app.kubernetes.io/component: catalog
{{- end }}

{{/*
Labels that select the pods; they must never change between upgrades.
*/}}
{{- define "catalog-service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "catalog-service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pods run as.
*/}}
{{- define "catalog-service.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "catalog-service.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "catalog-service.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Issuer URL of the OIDC provider: global.atrium.oidc.url when an umbrella chart (helm/atrium) sets it,
else oidc.url.
*/}}
{{- define "catalog-service.oidcUrl" -}}
{{- $global := dig "atrium" "oidc" "url" "" (.Values.global | default dict) }}
{{- default .Values.oidc.url $global }}
{{- end }}

{{/*
JDBC URL of the service's database. When an umbrella chart (helm/atrium) names a shared PostgreSQL
server in global.atrium.postgresql.host, the URL is built from that host and port and database.name;
otherwise it is database.url.
*/}}
{{- define "catalog-service.databaseUrl" -}}
{{- $pg := dig "atrium" "postgresql" dict (.Values.global | default dict) }}
{{- if $pg.host }}
{{- $name := required "database.name is required when global.atrium.postgresql.host is set" .Values.database.name }}
{{- printf "jdbc:postgresql://%s:%v/%s" $pg.host ($pg.port | default 5432) $name }}
{{- with $pg.parameters }}{{ printf "?%s" . }}{{ end }}
{{- else }}
{{- .Values.database.url }}
{{- end }}
{{- end }}
