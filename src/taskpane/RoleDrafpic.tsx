import * as React from 'react';
import { Dropdown, MessageBar, TextField, MessageBarType, PrimaryButton, DefaultButton, Stack, Text } from '@fluentui/react';
import { Pilote } from './etat';
import { telecharger } from './telechargement';

/** La DRAFPIC : consolidation régionale des classeurs des établissements, toujours dans un classeur à part. */
export function RoleDrafpic({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, aConsolider, setAConsolider, region, choisirRegion, consolider, consolidation, service, accuse, accuserReception, registre, lireRegistre } = pilote;
  const [rne, setRne] = React.useState('');
  const [conforme, setConforme] = React.useState<'oui' | 'non'>('oui');
  // Les établissements du registre de la dernière consolidation, proposés pour l'accusé de réception.
  const etablissements = [...new Map((registre ?? []).map((c) => [c.cycle.split(' · ')[0], c.etablissement])).entries()];
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
      {(service.mode === 'excel' || region) && (
        <DefaultButton text="Afficher le registre des labels et ses alertes" onClick={() => void lireRegistre()} disabled={enCours} data-testid="lire-registre" />
      )}
      {registre && (
        <Stack tokens={{ childrenGap: 2 }} data-testid="registre">
          <Text variant="mediumPlus" as="h3">
            {`Registre des labels : ${registre.length} cycle(s), ${registre.filter((c) => c.alerte).length} alerte(s) aujourd'hui`}
          </Text>
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {registre
              .filter((c) => c.alerte)
              .map((c) => (
                <li key={c.cycle}>
                  <strong>{c.statut}</strong> — {c.etablissement} ({c.cycle})
                </li>
              ))}
          </ul>
        </Stack>
      )}
      {(service.mode === 'excel' || region) && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="section-accuse">
          <Text variant="mediumPlus" as="h3">
            Accusé de réception d&apos;un dossier (LDM 007)
          </Text>
          {/* Une liste native : les RNE du registre proposés à la saisie, sans alourdir le volet. */}
          <TextField label="N° RNE de l'établissement" value={rne} onChange={(_, v) => setRne(v ?? '')} list="rne-du-registre" data-testid="accuse-rne" />
          <datalist id="rne-du-registre">
            {etablissements.map(([r, nom]) => (
              <option key={r} value={r} label={nom} />
            ))}
          </datalist>
          <Dropdown
            label="Le dossier est"
            selectedKey={conforme}
            options={[
              { key: 'oui', text: 'conforme' },
              { key: 'non', text: 'non conforme (les pièces qui manquent à sa fiche LDM 001 sont listées)' },
            ]}
            onChange={(_, o) => setConforme(o?.key === 'non' ? 'non' : 'oui')}
            data-testid="accuse-conforme"
          />
          <DefaultButton text="Produire l'accusé de réception (LDM 007)" onClick={() => void accuserReception(rne, conforme === 'oui')} disabled={enCours || !rne.trim()} data-testid="produire-accuse" />
          {accuse && (
            <Stack tokens={{ childrenGap: 4 }} data-testid="accuse">
              <MessageBar messageBarType={MessageBarType.success}>
                {`Accusé de réception (dossier ${accuse.conforme ? 'conforme' : 'non conforme'}) pour ${accuse.etablissement} : ${service.mode === 'excel' ? 'la lettre s’ouvre dans un nouveau classeur' : `« ${accuse.lettre.nom} »`} ; l'envoi est noté dans le registre des labels.`}
              </MessageBar>
              {service.mode === 'navigateur' && (
                <DefaultButton text={`Télécharger ${accuse.lettre.nom}`} data-testid="telecharger-accuse" onClick={() => telecharger(accuse.lettre.nom, accuse.lettre.contenu)} />
              )}
              {accuse.fichier && (
                <DefaultButton text={`Télécharger ${accuse.fichier.nom} (registre à jour)`} data-testid="telecharger-region-accuse" onClick={() => telecharger(accuse.fichier!.nom, accuse.fichier!.contenu)} />
              )}
            </Stack>
          )}
        </Stack>
      )}
    </Stack>
  );
}
