; Device Sign-In's addition to electron-builder's NSIS installer (electron-builder.yml, nsis.include):
; the machine policy folder, %ProgramData%\Device Sign-In, made on install and closed to everyone but
; administrators. Any user may create folders in ProgramData; one a user made first is theirs, and the
; app ignores a policy there (src/core/policy/windows-acl.ts), an admin's later policy included.
; electron-builder inserts customInstall once the app's files are installed:
; https://www.electron.build/nsis (Custom NSIS script). The folder stays on uninstall: it holds the
; admin's policy, not the app's.
;
; It also registers the Application log's event source "Device Sign-In", under which the app writes its
; sign-in events with eventcreate (src/core/system-log/system-log-writer.ts). eventcreate creates a source
; the first time it writes under it, which needs an administrator; the installer is one, the app is not.
; Its syntax: https://learn.microsoft.com/windows-server/administration/windows-commands/eventcreate
; (/ID from 1 to 1000). A source already there is used as it is. The source stays on uninstall, so that
; the events already written can still be read.

; The owners the app trusts (administratorSids in windows-acl.ts): SYSTEM, Administrators, TrustedInstaller.
!define DEVICE_SIGNIN_ADMIN_SIDS "'S-1-5-18','S-1-5-32-544','S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464'"

!macro customInstall
  ; perMachine: true makes every install per machine; a per-user one could not set these rules anyway.
  ${if} $installMode == "all"
    Push $R0
    Push $R1
    SetShellVarContext all
    ; For all users $APPDATA is FOLDERID_ProgramData, the folder the app finds in the registry.
    StrCpy $R0 "$APPDATA\Device Sign-In"
    ; Exit 0: a real folder an administrator owns, whose rules an admin may have set on purpose, left as
    ; it is. Exit 1: nothing there any more, since a user's folder, link or file (or one whose owner
    ; cannot even be read) was moved aside, never deleted or followed. Anything else: it could not be
    ; moved, and the app ignores it anyway.
    nsExec::Exec `"$SYSDIR\WindowsPowerShell\v1.0\powershell.exe" -NoProfile -NonInteractive -Command "$$p = '$R0'; $$i = Get-Item -LiteralPath $$p -Force -ErrorAction SilentlyContinue; if ($$null -eq $$i) { exit 1 }; $$o = ''; try { $$o = (Get-Acl -LiteralPath $$p -ErrorAction Stop).GetOwner([Security.Principal.SecurityIdentifier]).Value } catch { }; if ($$i.PSIsContainer -and -not $$i.Attributes.HasFlag([IO.FileAttributes]::ReparsePoint) -and @(${DEVICE_SIGNIN_ADMIN_SIDS}) -contains $$o) { exit 0 }; try { Rename-Item -LiteralPath $$p -NewName ('Device Sign-In.untrusted-' + [guid]::NewGuid()) -ErrorAction Stop; exit 1 } catch { exit 2 }"`
    Pop $R1
    ${if} $R1 == 1
      CreateDirectory "$R0"
      ; By SID, since account names are localized. /L: a link planted in the moment since is changed
      ; itself, never what it points to. Owner first, so that the rules can be set whatever they were.
      nsExec::Exec `"$SYSDIR\icacls.exe" "$R0" /setowner *S-1-5-32-544 /L /Q`
      Pop $R1
      nsExec::Exec `"$SYSDIR\icacls.exe" "$R0" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX /L /Q`
      Pop $R1
    ${else}
      DetailPrint "$R0: left as it is ($R1)"
    ${endIf}
    nsExec::Exec `"$SYSDIR\eventcreate.exe" /L APPLICATION /SO "Device Sign-In" /T INFORMATION /ID 1 /D "Sign-in events source registered."`
    Pop $R1
    DetailPrint "Application log source Device Sign-In: $R1"
    Pop $R1
    Pop $R0
  ${endIf}
!macroend
