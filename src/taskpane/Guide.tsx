import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react';
import { Mode } from './mode';

export type Role = 'etablissement' | 'audit' | 'drafpic';

const ETAPES: Record<Role, Record<Mode, string[]>> = {
  etablissement: {
    navigateur: [
      'Choisissez le classeur de votre établissement, ou aucun pour en créer un.',
      "Générez la grille d'auto-évaluation (LDM 003) ou le plan d'actions (LDM 002), puis téléchargez le classeur.",
      'Remplissez-le dans Excel ou LibreOffice : preuves, actions, indicateurs.',
      'Choisissez-le de nouveau ici : ce qui manque est listé, chaque point mène à sa cellule.',
    ],
    excel: [
      "Générez la grille d'auto-évaluation (LDM 003) ou le plan d'actions (LDM 002) dans ce classeur.",
      'Remplissez les tableaux : preuves, actions, indicateurs ; liez un indicateur à vos propres tableaux.',
      'La liste « À compléter » se met à jour ; cliquez un point pour aller à sa cellule.',
    ],
  },
  audit: {
    navigateur: [
      "Choisissez le classeur de l'établissement audité.",
      "Générez la grille d'audit, téléchargez-la, cochez PF, C, R ou NC pour chaque descripteur dans Excel ou LibreOffice.",
      "Choisissez-la de nouveau ici et produisez le rapport (LDM 011) et les fiches d'écart (LDM 010).",
    ],
    excel: [
      "Générez la grille d'audit dans le classeur de l'établissement.",
      'Cochez PF, C, R ou NC pour chaque descripteur et rédigez les constats.',
      "Produisez le rapport (LDM 011) et les fiches d'écart (LDM 010) ; reportez les écarts dans le plan.",
    ],
  },
  drafpic: {
    navigateur: [
      'Choisissez les classeurs des établissements (plusieurs à la fois).',
      'Choisissez le classeur régional à mettre à jour, ou aucun pour en créer un.',
      'Consolidez, puis téléchargez le classeur régional : synthèse, registre des labels et historique des audits, questionnaires audités (LDM 012), constats, matrice, anomalies.',
      "Un dossier de candidature reçu : produisez son accusé de réception (LDM 007), noté dans le registre.",
    ],
    excel: [
      'Choisissez les classeurs des établissements (plusieurs à la fois).',
      "Consolidez : la synthèse et le registre des labels s'écrivent dans ce classeur s'il est déjà régional, sinon dans un nouveau classeur.",
      "Le classeur régional ouvert : affichez le registre et ses alertes, produisez l'accusé de réception (LDM 007) d'un dossier reçu.",
    ],
  },
};

const cle = (role: Role) => `piloteLdm.guide.${role}`;

function dejaVu(role: Role): boolean {
  try {
    return localStorage.getItem(cle(role)) === 'vu';
  } catch {
    return false;
  }
}

/** Au premier passage dans un rôle, ses étapes ; « Compris » les range pour de bon. */
export function Guide({ role, mode }: { role: Role; mode: Mode }): JSX.Element | null {
  const [vu, setVu] = React.useState(() => dejaVu(role));
  React.useEffect(() => setVu(dejaVu(role)), [role]);
  if (vu) return null;
  return (
    <MessageBar
      messageBarType={MessageBarType.info}
      isMultiline
      data-testid="guide"
      onDismiss={() => {
        try {
          localStorage.setItem(cle(role), 'vu');
        } catch {
          // Stockage indisponible (navigation privée stricte) : le guide reviendra, rien de plus.
        }
        setVu(true);
      }}
      dismissButtonAriaLabel="Compris, ne plus afficher"
    >
      <ol style={{ margin: '0 0 0 -12px' }}>
        {ETAPES[role][mode].map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ol>
    </MessageBar>
  );
}
