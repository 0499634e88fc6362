{{/*
Name of the Service a sub-chart of this release creates: the sub-chart's own fullname rule (release
name, plus "-<chart>" unless the release name already contains the chart name). Call with
(list $ "<chart>"). The sub-charts render global.atrium.services.* with tpl, so this runs in their
context; .Release is the same there.
*/}}
{{- define "atrium.serviceHost" -}}
{{- $root := index . 0 }}
{{- $chart := index . 1 }}
{{- if contains $chart $root.Release.Name }}
{{- $root.Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" $root.Release.Name $chart | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
