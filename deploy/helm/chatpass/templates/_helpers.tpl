{{- define "chatpass.name" -}}chatpass{{- end -}}
{{- define "chatpass.fullname" -}}{{ .Release.Name | trunc 40 | trimSuffix "-" }}-chatpass{{- end -}}
{{- define "chatpass.labels" -}}
app.kubernetes.io/name: chatpass
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
{{- define "chatpass.selector" -}}
app.kubernetes.io/name: chatpass
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
{{- define "chatpass.image" -}}{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}{{- end -}}
{{/* The pod's volumes: the configuration as a folder (updates arrive), the secrets as files, a small /tmp. */}}
{{- define "chatpass.volumes" -}}
- name: config
  configMap: {name: {{ .configMap }}}
- name: secrets
  secret:
    secretName: {{ .root.Values.secret.name }}
    # readable by the container's one user without fsGroup: the files are only in this pod
    defaultMode: 0444
- name: tmp
  emptyDir: {sizeLimit: 64Mi}
{{- end -}}
{{- define "chatpass.mounts" -}}
- {name: config, mountPath: /etc/chatpass/config, readOnly: true}
- {name: secrets, mountPath: /etc/chatpass/secrets, readOnly: true}
- {name: tmp, mountPath: /tmp}
{{- end -}}
{{- define "chatpass.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities: {drop: ["ALL"]}
{{- end -}}
{{- define "chatpass.podSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
seccompProfile: {type: RuntimeDefault}
{{- end -}}
