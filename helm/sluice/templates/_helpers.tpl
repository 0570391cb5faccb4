{{- define "sluice.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sluice.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "sluice.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sluice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "sluice.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "sluice.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "sluice.configMapName" -}}
{{- .Values.existingConfigMap | default (printf "%s-config" (include "sluice.fullname" .)) -}}
{{- end -}}

{{- define "sluice.pythonConfigMapName" -}}
{{- .Values.existingPythonConfigMap | default (printf "%s-python" (include "sluice.fullname" .)) -}}
{{- end -}}

{{- define "sluice.secretName" -}}
{{- .Values.management.existingSecret | default (printf "%s-management" (include "sluice.fullname" .)) -}}
{{- end -}}

{{/* application.yaml as rendered from the values. */}}
{{- define "sluice.applicationYaml" -}}
{{- $doc := deepCopy .Values.spring -}}
{{- $_ := set $doc "sluice" .Values.config -}}
{{ toYaml $doc }}
{{- end -}}

{{/* The listening ports of tcp and udp sources in `config`: a list of {name, port, protocol}. */}}
{{- define "sluice.sourcePorts" -}}
{{- $ports := list -}}
{{- range $pname, $p := .Values.config.pipelines -}}
{{- range $sname, $s := ($p.sources | default dict) -}}
{{- if and (or (eq (toString $s.type) "tcp") (eq (toString $s.type) "udp")) $s.port -}}
{{- $ports = append $ports (dict "name" (printf "%s-%v" $s.type $s.port) "port" (int $s.port) "protocol" (upper $s.type)) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- toJson $ports -}}
{{- end -}}
