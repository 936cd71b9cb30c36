import * as React from 'react';
import { MessageBar, MessageBarType, Pivot, PivotItem, Stack, Text } from '@fluentui/react';
import { usePilote } from './etat';
import { Guide, Role } from './Guide';
import { Retour } from './Retour';
import { RoleAudit } from './RoleAudit';
import { RoleDrafpic } from './RoleDrafpic';
import { RoleEtablissement } from './RoleEtablissement';
import { ServicePilote } from './services';

const CLE_ROLE = 'piloteLdm.role';
const ROLES: Role[] = ['etablissement', 'audit', 'drafpic'];

function dernierRole(): Role {
  try {
    const r = localStorage.getItem(CLE_ROLE) as Role | null;
    return r && ROLES.includes(r) ? r : 'etablissement';
  } catch {
    return 'etablissement';
  }
}

/** Le volet : un onglet par rôle (établissement, audit, DRAFPIC), le dernier rôle retenu, le retour toujours en haut. */
export function App({ service }: { service: ServicePilote }): JSX.Element {
  const pilote = usePilote(service);
  const [role, setRole] = React.useState<Role>(dernierRole);
  const choisirRole = (r: Role) => {
    setRole(r);
    try {
      localStorage.setItem(CLE_ROLE, r);
    } catch {
      // Sans stockage, le volet rouvre sur « Établissement ».
    }
  };
  return (
    <main>
      <Stack tokens={{ childrenGap: 12, padding: 16 }} styles={{ root: { maxWidth: 420 } }}>
        <Text variant="xLarge" as="h1">
          Pilote LDM
        </Text>
        <MessageBar messageBarType={MessageBarType.info} data-testid="mode">
          {service.mode === 'excel'
            ? 'Mode Excel : tout est écrit dans le classeur ouvert.'
            : 'Mode navigateur : choisissez un classeur .xlsx (ou partez de zéro), le résultat se télécharge. Rien ne quitte votre ordinateur.'}
        </MessageBar>
        <Retour pilote={pilote} />
        <Pivot selectedKey={role} onLinkClick={(item) => item?.props.itemKey && choisirRole(item.props.itemKey as Role)} headersOnly data-testid="roles">
          <PivotItem headerText="Établissement" itemKey="etablissement" />
          <PivotItem headerText="Audit" itemKey="audit" />
          <PivotItem headerText="DRAFPIC" itemKey="drafpic" />
        </Pivot>
        <Guide role={role} mode={service.mode} />
        {role === 'etablissement' && <RoleEtablissement pilote={pilote} />}
        {role === 'audit' && <RoleAudit pilote={pilote} />}
        {role === 'drafpic' && <RoleDrafpic pilote={pilote} />}
      </Stack>
    </main>
  );
}
