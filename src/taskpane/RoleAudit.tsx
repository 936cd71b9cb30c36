import * as React from 'react';
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text } from '@fluentui/react';
import { Pilote } from './etat';
import { ChoixClasseur, identiteBloquante } from './Identite';
import { ListeConstats } from './ListeConstats';
import { SectionResultat } from './SectionResultat';
import { telecharger } from './telechargement';

/** Trois auditeurs, une grille : répartir (une copie chacun), puis fusionner leurs copies. */
function EquipeAudit({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, classeur, repartition, fusion, copies, setCopies } = pilote;
  const dansExcel = pilote.service.mode === 'excel';
  // Dans Excel, la grille du référent est le classeur ouvert ; en mode navigateur, celui qu'on a choisi.
  const sansGrille = !dansExcel && !classeur;
  return (
    <Stack tokens={{ childrenGap: 6 }} data-testid="equipe">
      <Text variant="mediumPlus" as="h2">
        Audit en équipe
      </Text>
      <DefaultButton text="Répartir entre les auditeurs (une copie chacun)" onClick={() => void pilote.repartirAudit()} disabled={enCours || sansGrille} data-testid="repartir" />
      {repartition && (
        <Stack tokens={{ childrenGap: 4 }} data-testid="copies">
          {dansExcel && <Text>{"Répartition écrite dans ce classeur (feuille « Répartition de l'audit »). Chaque copie s'ouvre dans Excel : enregistrez-la sous le nom indiqué et envoyez-la à son auditeur."}</Text>}
          {repartition.copies.map((c) => (
            <Stack key={c.auditeur} horizontal wrap tokens={{ childrenGap: 4 }}>
              <DefaultButton text={`Copie de ${c.auditeur} (critères ${c.criteres.join(', ')})`} onClick={() => telecharger(c.fichier.nom, c.fichier.contenu)} data-testid="telecharger-copie" />
              {dansExcel && pilote.service.ouvrirDansExcel && (
                <DefaultButton text={`Ouvrir dans Excel (${c.fichier.nom})`} onClick={() => void pilote.service.ouvrirDansExcel?.(c.fichier.contenu)} data-testid="ouvrir-copie" />
              )}
            </Stack>
          ))}
          {repartition.fichier && (
            <DefaultButton text={`Télécharger la grille du référent (${repartition.fichier.nom})`} onClick={() => repartition.fichier && telecharger(repartition.fichier.nom, repartition.fichier.contenu)} />
          )}
        </Stack>
      )}
      <label htmlFor="copies-auditeurs">
        <Text>Copies remplies par les auditeurs (plusieurs fichiers .xlsx)</Text>
      </label>
      <input id="copies-auditeurs" data-testid="copies-auditeurs" type="file" multiple accept=".xlsx" onChange={(e) => setCopies(Array.from(e.target.files ?? []))} />
      <DefaultButton
        text={copies.length ? `Fusionner ${copies.length} copie(s) dans la grille du référent` : "Fusionner de nouveau (reporter les décisions d'arbitrage)"}
        onClick={() => void pilote.fusionnerAudit()}
        disabled={enCours || sansGrille}
        data-testid="fusionner"
      />
      {fusion && (
        <Stack tokens={{ childrenGap: 4 }} data-testid="fusion">
          <MessageBar messageBarType={fusion.bilan.ouverts.length ? MessageBarType.warning : MessageBarType.success} isMultiline>
            {`${fusion.bilan.acceptees.length} copie(s) fusionnée(s) : ${fusion.bilan.accords} descripteur(s) en accord, ${fusion.bilan.desaccords.length} en désaccord${fusion.bilan.ouverts.length ? ` dont ${fusion.bilan.ouverts.length} à arbitrer dans la feuille « Arbitrage » (décision du référent, puis fusionnez de nouveau)` : ''}.`}
          </MessageBar>
          {fusion.bilan.refusees.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="copies-refusees">
              {fusion.bilan.refusees.map((r) => (
                <li key={r.fichier}>
                  <strong>{r.fichier}</strong> (refusée) : {r.motif}
                </li>
              ))}
            </ul>
          )}
          {fusion.fichier && <DefaultButton text={`Télécharger ${fusion.fichier.nom}`} onClick={() => fusion.fichier && telecharger(fusion.fichier.nom, fusion.fichier.contenu)} data-testid="telecharger-fusion" />}
        </Stack>
      )}
    </Stack>
  );
}

/** Les auditeurs : grille d'audit, rapport LDM 011 et fiches d'écart LDM 010, report des écarts dans le plan. */
export function RoleAudit({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, generer, produireRapport, anomalies, rapport, selection, classeur, identite } = pilote;
  const bloque = identiteBloquante(pilote);
  return (
    <Stack tokens={{ childrenGap: 10 }}>
      <ChoixClasseur pilote={pilote} />
      {(classeur || pilote.service.mode === 'excel') && identite.etablissement && <Text>Établissement audité : {identite.etablissement}{identite.rne ? ` (${identite.rne})` : ''}</Text>}
      <PrimaryButton text="Générer la grille d'audit" onClick={() => void generer(['grille-audit'])} disabled={enCours || bloque} data-testid="generer-grille" />
      <DefaultButton text="Générer le plan d'audit (LDM 008)" onClick={() => void generer(['plan-audit'])} disabled={enCours || bloque} data-testid="generer-plan-audit" />
      <DefaultButton text="Générer la feuille d'émargement (LDM 009)" onClick={() => void generer(['emargement'])} disabled={enCours || bloque} data-testid="generer-emargement" />
      <DefaultButton text="Produire le rapport d'audit (LDM 011)" onClick={() => void produireRapport(false)} disabled={enCours} data-testid="produire-rapport" />
      <DefaultButton
        text="Reporter les écarts et axes de progrès dans le plan (LDM 002)"
        onClick={() => void generer([], undefined, { depuisAudit: true })}
        disabled={enCours || bloque}
        data-testid="depuis-audit"
      />
      <EquipeAudit pilote={pilote} />
      {anomalies && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="anomalies">
          <MessageBar messageBarType={rapport ? MessageBarType.warning : MessageBarType.blocked} isMultiline>
            {rapport
              ? `Rapport produit avec ${anomalies.length} anomalie(s) acceptée(s) ; elles sont listées dans le rapport.`
              : `La grille d'audit présente ${anomalies.length} anomalie(s) : corrigez-les, ou acceptez-les explicitement pour produire le rapport.`}
          </MessageBar>
          <ListeConstats constats={anomalies} selection={selection} onClic={(c) => void pilote.allerA(c)} testId="liste-anomalies" />
          {!rapport && <DefaultButton text="Produire quand même (anomalies acceptées)" onClick={() => void produireRapport(true)} data-testid="accepter" />}
        </Stack>
      )}
      {rapport && (
        <Stack tokens={{ childrenGap: 6 }} data-testid="rapport">
          <MessageBar messageBarType={MessageBarType.success}>Rapport d'audit produit : feuille « {rapport.plan.feuilles[0].nom} ».</MessageBar>
          <Text>
            PF {rapport.plan.modele.total.PF} · C {rapport.plan.modele.total.C} · R {rapport.plan.modele.total.R} · NC {rapport.plan.modele.total.NC}
          </Text>
          <Text styles={{ root: { fontWeight: 600 } }} data-testid="issue">
            {rapport.plan.modele.issue}
          </Text>
          {rapport.plan.modele.nonConformites.length > 0 && (
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="fiches">
              {rapport.plan.modele.nonConformites.map((nc, i) => (
                <li key={nc.numero}>
                  Fiche n°{i + 1}/{rapport.plan.modele.nonConformites.length} : critère {nc.critere}, descripteur {nc.numero}
                </li>
              ))}
            </ul>
          )}
          {rapport.fichier && (
            <DefaultButton text={`Télécharger ${rapport.fichier.nom}`} data-testid="telecharger-rapport" onClick={() => telecharger(rapport.fichier!.nom, rapport.fichier!.contenu)} />
          )}
        </Stack>
      )}
      {selection && pilote.service.mode === 'navigateur' && !pilote.resultat && (
        <div role="status" data-testid="selection" style={{ background: '#F3F2F1', padding: 8, borderLeft: '3px solid #0078D4' }}>
          Feuille « {selection.sheet} », cellule {selection.cell} : {selection.message}
        </div>
      )}
      <SectionResultat pilote={pilote} indicateurs={false} />
    </Stack>
  );
}
