import * as React from 'react';
import { DefaultButton, Dropdown, IDropdownOption, Stack, Text } from '@fluentui/react';
import { ResumePlan } from '../core/plan/constats';
import { Liaison } from '../core/plan/liaisons';

/** Les indicateurs du plan : synthèse par critère, liaison d'un indicateur à un tableau du classeur, statuts. */
export function SectionIndicateurs({ resume, enCours, onLier }: { resume: ResumePlan; enCours: boolean; onLier: (l: Liaison) => void }): JSX.Element {
  const [liaison, setLiaison] = React.useState<{ indicateur?: number; table?: string; colonne?: string; colonneAnnee?: string }>({});
  const colonnes = (resume.tableauxSources.find((t) => t.nom === liaison.table)?.entetes ?? []).map((e): IDropdownOption => ({ key: e, text: e }));
  const complete = liaison.indicateur && liaison.table && liaison.colonne && liaison.colonneAnnee;
  return (
    <Stack tokens={{ childrenGap: 6 }} data-testid="indicateurs">
      <Text variant="large" as="h2">
        Indicateurs par critère
      </Text>
      <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="indicateurs-criteres">
        {resume.parCritere.map((c) => (
          <li key={c.critere} style={{ color: c.indicateurs === 0 || c.aSurveiller > 0 ? '#9C0006' : '#006100' }}>
            Critère {c.critere} : {c.indicateurs === 0 ? 'aucun indicateur' : `${c.indicateurs} indicateur(s), ${c.atteints} atteint(s), ${c.aSurveiller} à surveiller`}
          </li>
        ))}
      </ul>
      <Text variant="mediumPlus">Lier un indicateur à un tableau du classeur</Text>
      {resume.tableauxSources.length === 0 ? (
        <Text variant="small">Aucun tableau de l'établissement dans ce classeur : mettez vos données sous forme de tableau (Insertion › Tableau) pour les lier.</Text>
      ) : (
        <Stack tokens={{ childrenGap: 4 }}>
          <Dropdown
            label="Indicateur"
            data-testid="liaison-indicateur"
            options={resume.indicateurs.map((i): IDropdownOption => ({ key: i.numero, text: `${i.numero}. ${i.libelle}` }))}
            selectedKey={liaison.indicateur ?? null}
            onChange={(_, o) => setLiaison({ ...liaison, indicateur: Number(o?.key) })}
          />
          <Dropdown
            label="Tableau"
            data-testid="liaison-table"
            options={resume.tableauxSources.map((t): IDropdownOption => ({ key: t.nom, text: `${t.nom} (${t.feuille})` }))}
            selectedKey={liaison.table ?? null}
            onChange={(_, o) => setLiaison({ ...liaison, table: String(o?.key), colonne: undefined, colonneAnnee: undefined })}
          />
          {liaison.table && (
            <>
              <Dropdown label="Colonne des valeurs" data-testid="liaison-colonne" options={colonnes} selectedKey={liaison.colonne ?? null} onChange={(_, o) => setLiaison({ ...liaison, colonne: String(o?.key) })} />
              <Dropdown label="Année lue dans la colonne" data-testid="liaison-annee" options={colonnes} selectedKey={liaison.colonneAnnee ?? null} onChange={(_, o) => setLiaison({ ...liaison, colonneAnnee: String(o?.key) })} />
            </>
          )}
          <DefaultButton
            text="Lier"
            data-testid="lier"
            disabled={enCours || !complete}
            onClick={() => onLier({ indicateur: liaison.indicateur!, table: liaison.table!, colonne: liaison.colonne!, mode: 'annee', colonneAnnee: liaison.colonneAnnee! })}
          />
        </Stack>
      )}
      <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="indicateurs-liste">
        {resume.indicateurs.map((i) => (
          <li key={i.numero}>
            {i.numero}. {i.libelle} — <strong>{i.statut}</strong>
            {i.source ? ` (mesures : ${i.source}${i.rompue ? ', liaison rompue' : ''})` : ''}
          </li>
        ))}
      </ul>
    </Stack>
  );
}
