import * as React from 'react';
import { DefaultButton, Dropdown, MessageBar, MessageBarType, PrimaryButton, Stack, TextField } from '@fluentui/react';
import { telecharger } from './telechargement';
import { Pilote } from './etat';
import { ChoixClasseur, FormulaireIdentite, identiteBloquante } from './Identite';
import { SectionResultat } from './SectionResultat';

/** LDM 005 et LDM 006 : documenter une action du plan, choisie par son N°. */
function FichesAction({ pilote }: { pilote: Pilote }): JSX.Element {
  const [numero, setNumero] = React.useState('');
  const n = Number(numero);
  const valide = Number.isInteger(n) && n >= 1;
  const { enCours, fiche } = pilote;
  return (
    <Stack tokens={{ childrenGap: 6 }} data-testid="fiches-action">
      <TextField
        label="N° de l'action du plan à documenter (fiche action LDM 005, fiche engagement LDM 006)"
        value={numero}
        onChange={(_, v) => setNumero((v ?? '').replace(/\D/g, ''))}
        inputMode="numeric"
        data-testid="numero-action"
      />
      <Stack horizontal wrap tokens={{ childrenGap: 8 }}>
        <DefaultButton text="Fiche action (LDM 005)" onClick={() => void pilote.produireFiche('action', n)} disabled={enCours || !valide} data-testid="fiche-action" />
        <DefaultButton text="Fiche engagement (LDM 006)" onClick={() => void pilote.produireFiche('engagement', n)} disabled={enCours || !valide} data-testid="fiche-engagement" />
      </Stack>
      {fiche && (
        <MessageBar messageBarType={MessageBarType.success} data-testid="fiche-produite">
          Feuille « {fiche.feuille} » écrite{fiche.fichier ? ' : téléchargez le classeur pour la remplir.' : '.'}
        </MessageBar>
      )}
      {fiche?.fichier && <DefaultButton text={`Télécharger ${fiche.fichier.nom}`} onClick={() => telecharger(fiche.fichier!.nom, fiche.fichier!.contenu)} data-testid="telecharger-fiche" />}
    </Stack>
  );
}

/** L'établissement : son auto-évaluation (LDM 003), son plan d'actions et ses indicateurs (LDM 002). */
export function RoleEtablissement({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, dureePlan, setDureePlan, generer } = pilote;
  const bloque = identiteBloquante(pilote);
  return (
    <Stack tokens={{ childrenGap: 10 }}>
      <ChoixClasseur pilote={pilote} />
      <FormulaireIdentite pilote={pilote} />
      <PrimaryButton text="Générer la grille d'auto-évaluation (LDM 003)" onClick={() => void generer(['auto-evaluation'])} disabled={enCours || bloque} data-testid="generer" />
      <Dropdown
        label="Durée du plan (contrat d'objectifs)"
        selectedKey={dureePlan}
        onChange={(_e, o) => setDureePlan(String(o?.key ?? ''))}
        options={[{ key: '', text: 'Celle du classeur (5 ans pour un nouveau plan)' }, ...[1, 2, 3, 4, 5].map((n) => ({ key: String(n), text: `${n} an${n > 1 ? 's' : ''}` }))]}
        data-testid="duree-plan"
      />
      <DefaultButton text="Générer le plan d'actions et les indicateurs (LDM 002)" onClick={() => void generer(['plan'])} disabled={enCours || bloque} data-testid="generer-plan" />
      <DefaultButton text="Générer la fiche de candidature et les pièces du dossier (LDM 001)" onClick={() => void generer(['candidature'])} disabled={enCours || bloque} data-testid="generer-candidature" />
      <DefaultButton text="Générer les fiches suivi pilotage de critère (LDM 004)" onClick={() => void generer(['criteres'])} disabled={enCours || bloque} data-testid="generer-criteres" />
      <DefaultButton text="Après l'audit : questionnaire audités (LDM 012)" onClick={() => void generer(['questionnaire'])} disabled={enCours || bloque} data-testid="generer-questionnaire" />
      <FichesAction pilote={pilote} />
      <SectionResultat pilote={pilote} indicateurs />
    </Stack>
  );
}
