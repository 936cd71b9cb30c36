import * as React from 'react';
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, Stack, Text } from '@fluentui/react';
import { Pilote } from './etat';
import { ChoixClasseur, identiteBloquante } from './Identite';
import { ListeConstats } from './ListeConstats';
import { SectionResultat } from './SectionResultat';
import { telecharger } from './telechargement';

/** Les auditeurs : grille d'audit, rapport LDM 011 et fiches d'écart LDM 010, report des écarts dans le plan. */
export function RoleAudit({ pilote }: { pilote: Pilote }): JSX.Element {
  const { enCours, generer, produireRapport, anomalies, rapport, selection, classeur, identite } = pilote;
  const bloque = identiteBloquante(pilote);
  return (
    <Stack tokens={{ childrenGap: 10 }}>
      <ChoixClasseur pilote={pilote} />
      {(classeur || pilote.service.mode === 'excel') && identite.etablissement && <Text>Établissement audité : {identite.etablissement}{identite.rne ? ` (${identite.rne})` : ''}</Text>}
      <PrimaryButton text="Générer la grille d'audit" onClick={() => void generer(['grille-audit'])} disabled={enCours || bloque} data-testid="generer-grille" />
      <DefaultButton text="Produire le rapport d'audit (LDM 011)" onClick={() => void produireRapport(false)} disabled={enCours} data-testid="produire-rapport" />
      <DefaultButton
        text="Reporter les écarts et axes de progrès dans le plan (LDM 002)"
        onClick={() => void generer([], undefined, { depuisAudit: true })}
        disabled={enCours || bloque}
        data-testid="depuis-audit"
      />
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
