import * as React from 'react';
import { MessageBar, MessageBarType, PrimaryButton, DefaultButton, Stack, Text } from '@fluentui/react';
import { Pilote } from './etat';
import { telecharger } from './telechargement';

/** La DRAFPIC : consolidation régionale des classeurs des établissements, toujours dans un classeur à part. */
export function RoleDrafpic({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, aConsolider, setAConsolider, region, choisirRegion, consolider, consolidation, service } = pilote;
  return (
    <Stack tokens={{ childrenGap: 10 }}>
      <Stack tokens={{ childrenGap: 4 }}>
        <label htmlFor="a-consolider">
          <Text variant="mediumPlus">Classeurs des établissements (plusieurs fichiers .xlsx)</Text>
        </label>
        <input id="a-consolider" data-testid="a-consolider" type="file" multiple accept=".xlsx" onChange={(e) => setAConsolider(Array.from(e.target.files ?? []))} />
      </Stack>
      {service.mode === 'navigateur' && (
        <Stack tokens={{ childrenGap: 4 }}>
          <label htmlFor="region-existante">
            <Text>Classeur régional à mettre à jour (facultatif ; sinon un nouveau est créé)</Text>
          </label>
          <input id="region-existante" data-testid="region-existante" type="file" accept=".xlsx" onChange={(e) => choisirRegion(e.target.files?.[0])} />
          <Text variant="small">{region ? `Classeur régional : ${region.nom}` : 'Un nouveau classeur régional sera créé (jamais celui d’un lycée).'}</Text>
        </Stack>
      )}
      <PrimaryButton text={`Consolider ${aConsolider.length || ''} classeur(s)`} onClick={() => void consolider()} disabled={enCours || aConsolider.length === 0} data-testid="consolider" />
      {consolidation && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="consolidation">
          <MessageBar messageBarType={MessageBarType.success}>
            {consolidation.retenus.length} établissement(s) consolidé(s) : feuilles « Synthèse régionale », « Registre des labels », « Historique des audits », « Historique des constats », « Synthèse LDM 012 » et « Questionnaires LDM 012 »{consolidation.questionnaires ? ` (${consolidation.questionnaires} questionnaire(s) audités)` : ''}, « Constats », « Matrice », « Par critère », « Anomalies ».
          </MessageBar>
          {consolidation.registre.length > 0 && (
            <Stack tokens={{ childrenGap: 2 }} data-testid="registre">
              <Text variant="mediumPlus" as="h3">
                {`Registre des labels : ${consolidation.registre.length} cycle(s), ${consolidation.registre.filter((c) => c.alerte).length} alerte(s) aujourd'hui`}
              </Text>
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {consolidation.registre
                  .filter((c) => c.alerte)
                  .map((c) => (
                    <li key={c.cycle}>
                      <strong>{c.statut}</strong> — {c.etablissement} ({c.cycle})
                    </li>
                  ))}
              </ul>
            </Stack>
          )}
          {consolidation.anomalies.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="anomalies-fichiers">
              {consolidation.anomalies.map((a) => (
                <li key={`${a.fichier}-${a.motif}`}>
                  <strong>{a.fichier}</strong> ({a.prise === 'non' ? 'écarté' : 'en partie'}) : {a.motif}
                </li>
              ))}
            </ul>
          )}
          {consolidation.fichier && (
            <DefaultButton text={`Télécharger ${consolidation.fichier.nom}`} data-testid="telecharger-consolidation" onClick={() => telecharger(consolidation.fichier!.nom, consolidation.fichier!.contenu)} />
          )}
        </Stack>
      )}
    </Stack>
  );
}
