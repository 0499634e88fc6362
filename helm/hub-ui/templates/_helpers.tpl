{{/*
Chart name, overridable with nameOverride. Kept to 63 characters (DNS label limit).
*/}}
{{- define "hub-ui.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name used for every object of a release. When the release name already
contains the chart name it is used as is, so `helm install hub-ui .` does not
produce "hub-ui-hub-ui".
*/}}
{{- define "hub-ui.fullname" -}}
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
{{- define "hub-ui.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels shared by every object.
*/}}
{{- define "hub-ui.labels" -}}
helm.sh/chart: {{ include "hub-ui.chart" . }}
{{ include "hub-ui.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: atrium
app.kubernetes.io/component: hub
{{- end }}

{{/*
Labels that select the pods; they must never change between upgrades.
*/}}
{{- define "hub-ui.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hub-ui.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Name of the ServiceAccount the pods run as.
*/}}
{{- define "hub-ui.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "hub-ui.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Container image reference; the tag defaults to the chart's appVersion.
*/}}
{{- define "hub-ui.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Issuer URL of the OIDC provider: global.atrium.oidc.url when an umbrella chart (helm/atrium) sets it,
else oidc.url.
*/}}
{{- define "hub-ui.oidcUrl" -}}
{{- $global := dig "atrium" "oidc" "url" "" (.Values.global | default dict) }}
{{- default .Values.oidc.url $global }}
{{- end }}

{{/*
Base URL of another Atrium service. Call with (list $ "<key>" <own value>): global.atrium.services.<key>
when an umbrella chart (helm/atrium) sets it, rendered with tpl so the umbrella can derive it from the
release name; else this chart's own value.
*/}}
{{- define "hub-ui.serviceUrl" -}}
{{- $root := index . 0 }}
{{- $global := dig "atrium" "services" (index . 1) "" ($root.Values.global | default dict) }}
{{- if $global }}
{{- tpl $global $root }}
{{- else }}
{{- index . 2 }}
{{- end }}
{{- end }}
