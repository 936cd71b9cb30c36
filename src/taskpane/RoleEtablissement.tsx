import * as React from 'react';
import { DefaultButton, Dropdown, PrimaryButton, Stack } from '@fluentui/react';
import { Pilote } from './etat';
import { ChoixClasseur, FormulaireIdentite, identiteBloquante } from './Identite';
import { SectionResultat } from './SectionResultat';

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
      <SectionResultat pilote={pilote} indicateurs />
    </Stack>
  );
}
